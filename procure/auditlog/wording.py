"""The audit log in words: one sentence per recorded action, and its subject named.

Every action that ``record_event`` is called with anywhere in procure has its sentence
here; an action missing from the table is shown as its code, so a new one is never
hidden. The codes stay in the database and in the CSV export.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

ACTIONS: dict[str, LazyString] = {
    "api_token.created": _l("API token created"),
    "api_token.revoked": _l("API token revoked"),
    "api_token.used": _l("API read with a token"),
    "clause.draft_saved": _l("Clause draft saved"),
    "clause.submitted": _l("Clause sent for legal review"),
    "clause.approved": _l("Clause approved"),
    "clause.changes_requested": _l("Changes requested on a clause"),
    "clause.retired": _l("Clause retired"),
    "clause.imported": _l("Clauses imported from an exchange file as drafts"),
    "clause_set.draft_saved": _l("Clause set draft saved"),
    "clause_set.submitted": _l("Clause set sent for legal review"),
    "clause_set.approved": _l("Clause set approved"),
    "clause_set.changes_requested": _l("Changes requested on a clause set"),
    "clause_set.retired": _l("Clause set retired"),
    "organisation.settings_changed": _l("Organisation settings changed"),
    "organisation.logo_changed": _l("Organisation logo uploaded"),
    "organisation.logo_removed": _l("Organisation logo removed"),
    "review.commented": _l("Review comment added"),
    "synonym.created": _l("Synonym group added"),
    "synonym.changed": _l("Synonym group changed"),
    "synonym.deleted": _l("Synonym group deleted"),
    "template.uploaded": _l("Document template uploaded"),
    "template.activated": _l("Document template put in use"),
    "template.default_restored": _l("Default document template restored"),
    "template.deleted": _l("Document template deleted"),
    "tender.created": _l("Tender created"),
    "tender.duplicated": _l("Tender duplicated"),
    "tender.deleted": _l("Tender deleted"),
    "tender.step_saved": _l("Tender answers saved"),
    "tender.clauses_chosen": _l("Clauses chosen"),
    "tender.variables_saved": _l("Clause values saved"),
    "tender.wording_adapted": _l("Clause wording adapted"),
    "tender.clause_updated": _l("Clause updated to its newer version"),
    "tender.criteria_saved": _l("Award criteria saved"),
    "tender.justifications_saved": _l("Justifications saved"),
    "tender.finished": _l("Tender marked as finished"),
    "tender.review_submitted": _l("Tender sent for legal review"),
    "tender.review_approved": _l("Tender approved"),
    "tender.review_changes_requested": _l("Changes requested on a tender"),
    "user.invited": _l("User invited"),
    "user.invited_again": _l("Invitation sent again"),
    "user.activated": _l("Account activated"),
    "user.password_changed": _l("Password changed"),
    "user.reset_link_issued": _l("Password reset link issued"),
    "user.password_reset": _l("Password reset"),
    "user.deactivated": _l("User deactivated"),
    "user.reactivated": _l("User reactivated"),
}

SUBJECTS: dict[str, LazyString] = {
    "tender": _l("tender"),
    "clause_version": _l("clause"),
    "clause_exchange": _l("exchange file of"),
    "clause_set_version": _l("clause set"),
    "user": _l("user"),
    "organisation": _l("organisation"),
    "document_template": _l("document template"),
    "search_synonym": _l("synonym group"),
    "api_token": _l("API token"),
}


def action_label(action: str) -> str:
    """The sentence for ``action`` in the reader's language; the code itself when the
    table does not know it."""
    label = ACTIONS.get(action)
    return str(label) if label is not None else action


def subject_type_label(subject_type: str) -> str:
    label = SUBJECTS.get(subject_type)
    return str(label) if label is not None else subject_type


@dataclass(frozen=True)
class SubjectName:
    """How a subject is named: its reference or slug, and its title when known."""

    key: str  # tender reference, clause slug and version, e-mail…
    title: str = ""


def subject_text(subject_type: str, subject_id: str, name: SubjectName | None) -> str:
    """ "consultation 2026-0002 « Restauration scolaire »" / "tender 2026-0002 “…”";
    the raw id when the subject is gone."""
    noun = subject_type_label(subject_type)
    if name is None:
        return f"{noun} {subject_id}"
    if not name.title:
        return f"{noun} {name.key}"
    return str(_l("%(noun)s %(key)s “%(title)s”", noun=noun, key=name.key, title=name.title))


def event_sentence(
    action: str, subject_type: str, subject_id: str, name: SubjectName | None
) -> str:
    """ "Valeurs des clauses enregistrées — consultation 2026-0002 « Restauration
    scolaire »"."""
    return f"{action_label(action)} — {subject_text(subject_type, subject_id, name)}"
