"""What the review pages show: translated messages and labels, tender clauses as rows."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from procure.admin.file_messages import TEMPLATE_REJECTIONS
from procure.admin.template_check import Reason, TemplateRejected
from procure.catalog.presenters import clause_html
from procure.documents.rendering import render_value
from procure.formatting import format_money, to_decimal
from procure.i18n import current_language, label
from procure.library.content import Variable
from procure.library.legal import LegalReference, cite, find_reference
from procure.library.text import is_bilingual
from procure.models import ClauseVersion, TenderClause
from procure.review.deviations import DeviationFileError, DeviationReport
from procure.review.diff import (
    TEXT_FIELDS,
    DiffLabels,
    LegalReferenceKey,
    TextDiff,
    diff_texts,
)
from procure.review.services import ReviewError
from procure.vocabulary import ClauseStatus, TenderStatus

ERROR_MESSAGES = {
    "role": _l("Your role does not allow this decision."),
    "organisation": _l("This tender belongs to another organisation."),
    "owner": _l("This item belongs to another organisation."),
    "reference": _l(
        "This clause belongs to the reference library, which changes only when its editor "
        "publishes it. Adapt it for your organisation from its library page instead."
    ),
    "status": _l("This decision is not possible while the item is “%(status)s”."),
    "four_eyes": _l(
        "You are the author of this item: another legal reviewer must approve it (four-eyes rule)."
    ),
    "comment_required": _l("A comment is required when you request changes: say what must change."),
    "comment_too_long": _l("The comment is longer than %(maximum)s characters."),
    "empty_comment": _l("Write a comment first."),
    "not_latest": _l(
        "Version %(latest)s was saved after this one: submit version %(latest)s instead."
    ),
    "newer_approved": _l(
        "Version %(number)s is already approved and newer: this version would never be "
        "used. Send it back instead."
    ),
    "unapproved_clauses": _l(
        "The set contains clause versions that are not approved: %(clauses)s. Approve them "
        "or edit the set first."
    ),
    "incomplete_tender": _l("Describe the purchase and its context before asking for a review."),
    "no_clauses": _l("Choose the tender’s clauses before asking for a review."),
}

FIELD_LABELS = {
    "title": _l("Title"),
    "text": _l("Clause text"),
    "guidance": _l("Guidance"),
    "verification": _l("Verification"),
    "penalty": _l("Penalty"),
    "description": _l("Description"),
    "kind": _l("Kind"),
    "ambition": _l("Ambition"),
    "pillars": _l("Pillars"),
    "themes": _l("Themes"),
    "objectives": _l("Objectives served"),
    "contract_types": _l("Contract types"),
    "cpv_prefixes": _l("CPV prefixes"),
    "families": _l("Purchase families"),
    "min_value": _l("Relevant from (EUR excl. VAT)"),
    "eforms": _l("eForms codes"),
    "kpi": _l("Reporting indicator"),
    "related": _l("Related clauses"),
}
LANGUAGE_NAMES = {"fr": _l("French"), "en": _l("English")}
VARIABLE_ATTRIBUTES = {
    "type": _l("Type"),
    "label": _l("Label"),
    "help": _l("Help"),
    "default": _l("Default"),
    "min": _l("Minimum"),
    "max": _l("Maximum"),
    "unit": _l("Unit"),
    "choices": _l("Choices"),
    "max_length": _l("Maximum length"),
}
VARIABLE_CHANGES = {
    "added": _l("Added"),
    "removed": _l("Removed"),
    "renamed": _l("Renamed"),
    "changed": _l("Changed"),
}
HISTORY_KINDS = {
    "comment": _l("Comment"),
    "submitted": _l("Submitted for review"),
    "approved": _l("Approved"),
    "changes_requested": _l("Changes requested"),
    "retired": _l("Retired"),
}


def error_message(error: ReviewError, *, tender: bool = False) -> str:
    template = ERROR_MESSAGES.get(error.code)
    if template is None:
        return str(error)
    params = dict(error.params)
    if "status" in params:
        params["status"] = status_label(str(params["status"]), tender=tender)
    return str(template) % params if params else str(template)


def status_label(status: str, *, tender: bool = False) -> str:
    return label(TenderStatus if tender else ClauseStatus, status)


def conflict_message(status_label: str) -> str:
    return _(
        "Someone else acted on this item while you were reading it: it is now “%(status)s”. "
        "Your decision was not recorded and your comment is still in the form below. "
        "Read the item again, then decide.",
        status=status_label,
    )


def diff_labels() -> DiffLabels:
    return DiffLabels(inserted=_("inserted:"), deleted=_("deleted:"), end=_("end of change"))


def field_title(diff: TextDiff) -> str:
    return f"{FIELD_LABELS.get(diff.field, diff.field)} ({LANGUAGE_NAMES[diff.language]})"


def citation_of(key: LegalReferenceKey, language: str) -> str:
    return cite(key.code, key.article, language)


def reference_of(key: LegalReferenceKey) -> LegalReference | None:
    return find_reference(key.code, key.article)


# -- a tender's clauses, as the reviewer reads them ---------------------------------------------


@dataclass(frozen=True)
class ValueRow:
    name: str
    label: str
    value: str
    default: str
    changed: bool  # the buyer's value differs from the clause default


@dataclass(frozen=True)
class TenderClauseView:
    slug: str
    title: str
    version: ClauseVersion
    newer: ClauseVersion | None
    values: list[ValueRow]
    text_html: Markup
    custom: list[TextDiff]  # clause texts the buyer changed, against the library text

    @property
    def is_approved(self) -> bool:
        return self.version.status == ClauseStatus.APPROVED


def custom_texts(custom: Any) -> dict[str, dict[str, str]]:
    """``custom_text`` as {field: {language: text}}: a bare {fr, en} is the clause text."""
    if not isinstance(custom, Mapping) or not custom:
        return {}
    if is_bilingual(custom):
        return {"text": dict(custom)}
    return {
        name: dict(value)
        for name, value in custom.items()
        if name in TEXT_FIELDS and isinstance(value, Mapping)
    }


def differs_from_default(variable: Variable, value: Any) -> bool:
    """Whether the buyer's ``value`` says something else than the variable's default: the
    form gives back ``"5.00"`` for a default of 5, and a text default in the language of
    the page, which are no changes for the reviewer."""
    default = variable.default
    if is_bilingual(default):
        return str(value).strip() not in {str(text).strip() for text in default.values()}
    try:
        return to_decimal(value, variable.name) != to_decimal(default, variable.name)
    except ValueError:
        return str(value).strip() != str(default).strip()


def tender_clause_view(
    tender_clause: TenderClause, newer: ClauseVersion | None, language: str
) -> TenderClauseView:
    version = tender_clause.clause_version
    content = version.clause_content
    values = []
    for variable in content.variables:
        name = variable.name
        chosen = tender_clause.variable_values.get(name, variable.default)
        values.append(
            ValueRow(
                name=name,
                label=variable.label[language],
                value=render_value(variable, chosen, language, name).text,
                default=render_value(variable, variable.default, language, name).text,
                changed=name in tender_clause.variable_values
                and differs_from_default(variable, tender_clause.variable_values[name]),
            )
        )
    custom = []
    labels = {variable.name: variable.label[language] for variable in content.variables}
    for name, texts in custom_texts(tender_clause.custom_text).items():
        for text_language in ("fr", "en"):
            if texts.get(text_language) is None:  # None: the library text
                continue
            library = (content.texts(name) or {}).get(text_language, "")
            diff = diff_texts(
                library,
                texts[text_language],
                field=name,
                language=text_language,
                old_labels=labels,
                new_labels=labels,
            )
            if diff.changed:
                custom.append(diff)
    text = custom_texts(tender_clause.custom_text).get("text", {}).get(language)
    return TenderClauseView(
        slug=tender_clause.clause.slug,
        title=content.title[language],
        version=version,
        newer=newer,
        values=values,
        text_html=clause_html(
            text or content.text[language], content, language, tender_clause.variable_values
        ),
        custom=custom,
    )


@dataclass(frozen=True)
class StateChange:
    slug: str
    kind: str  # added, removed, version, values, text
    detail: str


def _money(value: Any) -> str:
    """A stored amount ("1200000.5") as the page writes amounts, or a dash."""
    return "—" if value in (None, "") else format_money(value, current_language())


def state_changes(old: Mapping[str, Any] | None, new: Mapping[str, Any]) -> list[StateChange]:
    """What changed in a tender since a reviewer last decided on it."""
    if not old:
        return []
    changes: list[StateChange] = []
    before, after = old.get("clauses") or {}, new.get("clauses") or {}
    if old.get("estimated_value") != new.get("estimated_value"):
        changes.append(
            StateChange(
                "",
                "value",
                _(
                    "Estimated value: %(before)s → %(after)s",
                    before=_money(old.get("estimated_value")),
                    after=_money(new.get("estimated_value")),
                ),
            )
        )
    for slug in after:
        if slug not in before:
            changes.append(StateChange(slug, "added", _("Clause added")))
            continue
        was, now = before[slug], after[slug]
        if was.get("version") != now.get("version"):
            changes.append(
                StateChange(
                    slug,
                    "version",
                    _(
                        "Version v%(before)s → v%(after)s",
                        before=was.get("version"),
                        after=now.get("version"),
                    ),
                )
            )
        for name in sorted(set(was.get("values") or {}) | set(now.get("values") or {})):
            old_value = (was.get("values") or {}).get(name)
            new_value = (now.get("values") or {}).get(name)
            if old_value != new_value:
                changes.append(
                    StateChange(
                        slug,
                        "values",
                        _(
                            "%(name)s: %(before)s → %(after)s",
                            name=name,
                            before="—" if old_value is None else old_value,
                            after="—" if new_value is None else new_value,
                        ),
                    )
                )
        if was.get("custom_text") != now.get("custom_text"):
            changes.append(StateChange(slug, "text", _("Clause text changed by the buyer")))
    changes += [
        StateChange(slug, "removed", _("Clause removed")) for slug in before if slug not in after
    ]
    return changes


# -- the decisions a page offers -----------------------------------------------------------------


def version_buttons(
    status: str, *, is_author: bool, decidable: bool = True
) -> list[tuple[str, str, str]]:
    """(decision, label, button class) legal staff may take on a clause or set version."""
    if not decidable:
        return []
    if status == ClauseStatus.DRAFT:
        return [("submit", _("Submit for review"), "")]
    if status == ClauseStatus.IN_REVIEW:
        send_back = ("request_changes", _("Request changes"), "button--secondary")
        return [send_back] if is_author else [("approve", _("Approve"), ""), send_back]
    if status == ClauseStatus.APPROVED:
        return [("retire", _("Retire"), "button--danger")]
    return []


def version_note(status: str, *, is_author: bool, reference: bool = False) -> str | None:
    if reference:
        return _(
            "This version belongs to the reference library, which changes only when its "
            "editor publishes it. To change it for your organisation, adapt the clause "
            "from its library page."
        )
    if status == ClauseStatus.IN_REVIEW and is_author:
        return _(
            "You are the author of this version: another legal reviewer must approve it "
            "(four-eyes rule). You can still send it back."
        )
    if status == ClauseStatus.CHANGES_REQUESTED:
        return _("Changes were requested: edit it to create a new draft version, then submit it.")
    if status == ClauseStatus.RETIRED:
        return _("This version is retired: buyers no longer see it.")
    return None


def tender_buttons(status: str, *, is_author: bool) -> list[tuple[str, str, str]]:
    if status != TenderStatus.IN_REVIEW:
        return []
    send_back = ("request_changes", _("Request changes"), "button--secondary")
    return [send_back] if is_author else [("approve", _("Approve"), ""), send_back]


def tender_note(status: str, *, is_author: bool, is_reviewer: bool) -> str | None:
    if not is_reviewer:
        return None
    if status == TenderStatus.IN_REVIEW and is_author:
        return _(
            "You prepared this tender: another legal reviewer must approve it (four-eyes rule)."
        )
    if status != TenderStatus.IN_REVIEW:
        return _("This tender is not waiting for a legal decision.")
    return None


# -- the deviation report on an edited tender file ----------------------------------------------

# A tender file rather than a template: the sentences that differ from the template's
FILE_REJECTIONS = {
    **TEMPLATE_REJECTIONS,
    Reason.TOO_LARGE: _l("The file is larger than 4 MB: it cannot be a tender file procure built."),
    Reason.TOO_BIG_UNPACKED: _l("The file holds too much data once unpacked (zip bomb?)."),
    Reason.EXTERNAL_RELATIONSHIP: _l(
        "The file links to an outside resource that Word would fetch when it opens "
        "(%(detail)s): an attached template, a linked picture or object. Remove the link "
        "and upload it again; links to web pages may stay."
    ),
    Reason.FIELD_CODE: _l(
        "The file contains a Word field that could fetch or run something outside the "
        "document (%(detail)s). Remove this field and upload it again."
    ),
    Reason.MISSING_STYLES: _l(
        "The file lacks the styles of the documents procure builds (%(detail)s): it was not "
        "built by procure."
    ),
}
DEVIATION_FILE_ERRORS = {
    "unreadable": _l(
        "The file cannot be read as a Word document. Open it in Word, save it again as "
        "“Word Document (*.docx)” and upload it again."
    ),
    "not_procure": _l(
        "This file was not built by procure: it carries none of the clause traces procure "
        "writes into its documents."
    ),
    "other_tender": _l(
        "This file was built for another tender (reference “%(detail)s”), not for this one."
    ),
    "incomplete": _l("The tender’s purchase and context are not filled in: nothing to compare."),
}
DEVIATION_STATUSES = {
    "unchanged": _l("Unchanged"),
    "variables": _l("Variables changed"),
    "wording": _l("Wording changed"),
    "removed": _l("Clause deleted from the file"),
    "untraced": _l("Clause without its trace"),
    "added": _l("Text added outside the clauses"),
    "deleted": _l("Text deleted outside the clauses"),
    "not_in_tender": _l("Clause no longer chosen in the tender"),
}


def file_rejection(rejection: TemplateRejected, size: int) -> str:
    return str(FILE_REJECTIONS[rejection.reason]) % {"detail": rejection.detail}


def deviation_file_error(error: DeviationFileError) -> str:
    return str(DEVIATION_FILE_ERRORS[error.reason]) % {"detail": error.detail}


def deviation_sections(
    tender: Any, event: Any, report: DeviationReport
) -> tuple[str, list[tuple[str, list[str]]]]:
    """The report as a title and sections of plain paragraphs, for the PDF export."""
    after = event.after or {}
    title = _("Deviation report — tender %(reference)s", reference=tender.reference)
    facts = [
        _("File: %(name)s", name=after.get("file_name", "")),
        _("SHA-256: %(hash)s", hash=after.get("sha256", "")),
        *(
            f"{DEVIATION_STATUSES[status]}: {count}"
            for status, count in report.counts().items()
            if count
        ),
    ]
    sections = [(_("Summary"), facts)]
    for item in report.items:
        heading = f"{DEVIATION_STATUSES[item.status.value]} — {item.title or item.slug or ''}"
        lines = [f"{item.slug} v{item.version}"] if item.slug else []
        if item.variables:
            lines.append(_("Variables: %(names)s", names=", ".join(item.variables)))
        if item.diff is not None:
            lines.append(_("Deleted: %(words)s", words=" ".join(item.diff.deleted_words)))
            lines.append(_("Inserted: %(words)s", words=" ".join(item.diff.inserted_words)))
        elif item.status.value == "added":
            lines.append(item.found)
        elif item.status.value == "deleted":
            lines.append(item.expected)
        sections.append((heading, lines))
    return title, sections
