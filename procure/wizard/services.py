"""Saving the wizard's steps on a draft tender, and reading a tender back as plain data.

Every step is saved to the database when submitted, so nothing lives in memory
between requests; a submission that does not validate is kept as a draft of the
step, so a reload shows what was typed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from procure.audit import record_event
from procure.library.adaptation import adapted_text, custom_clause_text, text_problems
from procure.library.content import ClauseContent
from procure.library.text import LANGUAGES
from procure.models import (
    ClauseVersion,
    Organisation,
    Tender,
    TenderClause,
    TenderDraft,
    User,
)
from procure.snapshot import (
    CRITERION_WEIGHT_VARIABLE,
    Context,
    Purchase,
    TenderSnapshot,
)
from procure.tenders.fit import LibraryEntry
from procure.tenders.lifecycle import check_lock, flush, reopen_after_change
from procure.tenders.recommend import Recommendation
from procure.tenders.snapshots import hourly_cost_of, lot_numbers, refresh_reasons
from procure.vocabulary import (
    Ambition,
    ClauseGrouping,
)
from procure.wizard.steps import DEPENDENT_STEPS, LAST_STEP

INSERTION_CLAUSES = {
    "insertion-hours": "insertion_hours",
    "insertion-hours-cleaning-green-spaces": "annual_insertion_hours",
}


# -- creating, listing, copying, deleting -----------------------------------------


def create_tender(session: Session, owner: User) -> Tender:
    tender = Tender(
        organisation_id=owner.organisation_id,
        owner_id=owner.id,
        reference=next_reference(session, owner.organisation_id),
        title="",
        answers={},
        stale_steps=[],
    )
    session.add(tender)
    session.flush()
    record_event(
        session,
        actor=owner,
        action="tender.created",
        subject_type="tender",
        subject_id=tender.id,
        after={"reference": tender.reference},
    )
    return tender


def next_reference(session: Session, organisation_id: int) -> str:
    """The organisation's next free reference for this year, e.g. ``2026-0007``.

    The organisation's row is locked first (PostgreSQL), so that two buyers creating
    tenders at the same moment never get the same number.
    """
    session.execute(
        select(Organisation.id).where(Organisation.id == organisation_id).with_for_update()
    )
    year = dt.date.today().year
    count = session.scalar(
        select(func.count())
        .select_from(Tender)
        .where(Tender.organisation_id == organisation_id, Tender.reference.like(f"{year}-%"))
    )
    number = count + 1
    while session.scalar(
        select(Tender.id).where(
            Tender.organisation_id == organisation_id, Tender.reference == f"{year}-{number:04d}"
        )
    ):
        number += 1
    return f"{year}-{number:04d}"


def tenders_of(session: Session, owner: User) -> list[Tender]:
    return list(
        session.scalars(
            select(Tender)
            .where(
                Tender.organisation_id == owner.organisation_id,
                Tender.owner_id == owner.id,
            )
            .order_by(Tender.updated_at.desc())
        )
    )


def duplicate_tender(session: Session, tender: Tender, owner: User) -> Tender:
    """A new draft with the same answers and clauses, to start a similar tender."""
    answers = dict(tender.answers)
    purchase = dict(answers.get("purchase") or {})
    if purchase:
        purchase["title"] = f"{purchase.get('title', '')} (copie)"[:300]
        purchase.pop("reference", None)
        answers["purchase"] = purchase
    copy = Tender(
        organisation_id=tender.organisation_id,
        owner_id=owner.id,
        reference=next_reference(session, tender.organisation_id),
        title=purchase.get("title", tender.title),
        answers=answers,
        stale_steps=[],
        current_step=tender.current_step,
        ambition=tender.ambition,
    )
    session.add(copy)
    session.flush()
    for chosen in tender.clauses:
        copy.clauses.append(
            TenderClause(
                clause_id=chosen.clause_id,
                clause_version_id=chosen.clause_version_id,
                grouping=chosen.grouping,
                reason=chosen.reason,
                position=chosen.position,
                variable_values=dict(chosen.variable_values),
                custom_text=chosen.custom_text,
                weight=chosen.weight,
            )
        )
    session.flush()
    record_event(
        session,
        actor=owner,
        action="tender.duplicated",
        subject_type="tender",
        subject_id=copy.id,
        after={"from": tender.reference, "reference": copy.reference},
    )
    return copy


def delete_tender(session: Session, tender: Tender, actor: User) -> None:
    record_event(
        session,
        actor=actor,
        action="tender.deleted",
        subject_type="tender",
        subject_id=tender.id,
        before={"reference": tender.reference, "title": tender.title},
    )
    session.delete(tender)
    session.flush()


# -- saving steps ------------------------------------------------------------------


def save_step(
    session: Session,
    tender: Tender,
    step: int,
    key: str,
    data: dict[str, Any],
    *,
    actor: User,
    lock_version: str | int | None,
) -> None:
    """Store a valid step's answers, mark later steps to re-check when they changed."""
    check_lock(tender, lock_version)
    before = _store(tender, step, key, data)
    if key in ("purchase", "context"):
        refresh_reasons(tender)
    if key == "purchase":
        tender.title = data["title"]
        if data.get("reference"):
            tender.reference = data["reference"]
    flush(session)
    record_event(
        session,
        actor=actor,
        action="tender.step_saved",
        subject_type="tender",
        subject_id=tender.id,
        before={key: before},
        after={key: data, "step": step},
    )


def _store(tender: Tender, step: int, key: str, data: dict[str, Any]) -> Any:
    """Put a step's answers on the tender and clear its draft; return the old answers."""
    before = tender.answers.get(key)
    forget_draft(tender, step)
    tender.answers = {**tender.answers, key: data}
    _advance(tender, step, changed=before != data)
    if before != data:
        reopen_after_change(tender)
    return before


def remember_draft(session: Session, tender: Tender, step: int, raw: dict[str, Any]) -> None:
    """Keep what was typed in a step that was not saved, so a reload shows it. The draft
    is a row of its own: the tender, and its ``lock_version``, stay as they were."""
    draft = next((d for d in tender.drafts if d.step == step), None)
    if draft is None:
        tender.drafts.append(TenderDraft(step=step, data=raw))
    else:
        draft.data = raw
    session.flush()


def forget_draft(tender: Tender, step: int) -> None:
    for draft in [d for d in tender.drafts if d.step == step]:
        tender.drafts.remove(draft)


def draft_of(tender: Tender, step: int) -> dict[str, Any] | None:
    return next((d.data for d in tender.drafts if d.step == step), None)


def is_reference_taken(session: Session, tender: Tender, reference: str) -> bool:
    """Another tender of the organisation already has this reference."""
    return (
        session.scalar(
            select(Tender.id).where(
                Tender.organisation_id == tender.organisation_id,
                Tender.reference == reference,
                Tender.id != tender.id,
            )
        )
        is not None
    )


def _advance(tender: Tender, step: int, *, changed: bool) -> None:
    stale = [s for s in tender.stale_steps if s != step]
    if changed:
        stale.extend(
            s for s in DEPENDENT_STEPS.get(step, ()) if s < tender.current_step and s not in stale
        )
    tender.stale_steps = sorted(stale)
    tender.current_step = min(LAST_STEP, max(tender.current_step, step + 1))


def save_clause_selection(
    session: Session,
    tender: Tender,
    *,
    ambition: Ambition,
    chosen: list[str],
    recommendations: list[Recommendation],
    library: list[LibraryEntry],
    actor: User,
    lock_version: str | int | None,
    lots: Mapping[str, tuple[int, ...]] | None = None,
) -> None:
    """Keep the chosen clauses, each pinned to the version the buyer saw; ``lots``
    (slug -> lot numbers, empty for every lot) for a contract divided into lots, stored
    as the lots' keys so that a clause stays on its lot when the lots are reordered."""
    check_lock(tender, lock_version)
    keys = {number: key for key, number in lot_numbers(tender).items()}
    lots = lots or {}
    by_id = {entry.slug: entry for entry in library}
    advice = {r.entry.slug: r for r in recommendations}
    kept = {tc.clause.slug: tc for tc in tender.clauses}
    before = sorted(kept)
    wanted = [slug for slug in dict.fromkeys(chosen) if slug in by_id or slug in kept]
    for slug, tender_clause in list(kept.items()):
        if slug not in wanted:
            tender.clauses.remove(tender_clause)
    versions = {
        version.id: version
        for version in session.scalars(
            select(ClauseVersion).where(
                ClauseVersion.id.in_([by_id[s].version_id for s in wanted if s not in kept])
            )
        )
    }
    for position, slug in enumerate(wanted):
        lot_keys = [keys[n] for n in lots.get(slug, ()) if n in keys]
        if slug in kept:
            kept[slug].position = position
            if kept[slug].lots != lot_keys:
                kept[slug].lots = lot_keys
            continue
        recommendation = advice.get(slug)
        version = versions[by_id[slug].version_id]
        tender.clauses.append(
            TenderClause(
                clause_id=version.clause_id,
                clause_version_id=version.id,
                grouping=(
                    recommendation.grouping if recommendation else ClauseGrouping.ADDED
                ).value,
                reason=recommendation.reason("fr")[:500] if recommendation else "",
                position=position,
                variable_values={},
                lots=lot_keys,
            )
        )
    tender.ambition = ambition.value
    _store(
        tender,
        3,
        "selection",
        {
            "ambition": ambition.value,
            "clauses": wanted,
            "lots": {s: [keys[n] for n in lots[s] if n in keys] for s in wanted if lots.get(s)},
        },
    )
    flush(session)  # the new choices are read back with their clause and version
    refresh_reasons(tender)
    flush(session)
    record_event(
        session,
        actor=actor,
        action="tender.clauses_chosen",
        subject_type="tender",
        subject_id=tender.id,
        before={"clauses": before},
        after={"clauses": wanted, "ambition": ambition.value},
    )


def update_clause_version(
    session: Session,
    tender: Tender,
    tender_clause: TenderClause,
    version: ClauseVersion,
    *,
    actor: User,
) -> list[str]:
    """Move a chosen clause to a newer approved version, keeping the values that still fit.

    The buyer's adapted wording is kept as it is; the languages in which it no longer
    fits the new version (a variable it uses is gone) are returned, to be corrected at
    step 4 before the documents can be built.
    """
    names = set(version.clause_content.variable_names)
    before = tender_clause.clause_version.number
    tender_clause.clause_version = version
    tender_clause.variable_values = {
        k: v for k, v in tender_clause.variable_values.items() if k in names
    }
    unfit = [
        language
        for language, text in custom_clause_text(tender_clause.custom_text).items()
        if text_problems(text, names)
    ]
    tender.updated_at = dt.datetime.now(dt.UTC)
    reopen_after_change(tender)
    refresh_reasons(tender)
    flush(session)
    record_event(
        session,
        actor=actor,
        action="tender.clause_updated",
        subject_type="tender",
        subject_id=tender.id,
        before={"clause": tender_clause.clause.slug, "version": before},
        after={"clause": tender_clause.clause.slug, "version": version.number},
    )
    return unfit


def save_variables(
    session: Session,
    tender: Tender,
    values: dict[str, dict[str, Any]],
    hourly_cost: Decimal | None,
    *,
    texts: Mapping[str, Mapping[str, str | None]] | None = None,
    lot_values: Mapping[str, Mapping[str, Mapping[str, Any]]] | None = None,
    actor: User,
    lock_version: str | int | None,
) -> None:
    """Store step 4: each clause's variable values and, for the clauses in ``texts``, the
    buyer's wording by language (None: the library text; a language left out: unchanged).
    ``lot_values`` (clause slug -> lot key -> values) sets the values a clause takes on
    each lot of a divided tender, over the ones saved before.

    A change sends a tender that was in review, approved or finished back to draft.
    """
    check_lock(tender, lock_version)
    before = {tc.clause.slug: tc.variable_values for tc in tender.clauses}
    lots_before = {tc.clause.slug: tc.lot_values for tc in tender.clauses if tc.lot_values}
    reworded: dict[str, tuple[Any, Any]] = {}
    for tender_clause in tender.clauses:
        slug = tender_clause.clause.slug
        if lot_values is not None and slug in lot_values:
            tender_clause.lot_values = {
                **tender_clause.lot_values,
                **{
                    key: {**tender_clause.lot_values.get(key, {}), **jsonable(dict(values))}
                    for key, values in lot_values[slug].items()
                },
            }
        tender_clause.variable_values = {
            **{
                name: value
                for name, value in tender_clause.variable_values.items()
                if name == CRITERION_WEIGHT_VARIABLE
            },
            **jsonable(values.get(slug, {})),
        }
        if texts is not None and slug in texts:
            wording = _wording(tender_clause, texts[slug])
            if wording != tender_clause.custom_text:
                reworded[slug] = (tender_clause.custom_text, wording)
                tender_clause.custom_text = wording
    after = {tc.clause.slug: tc.variable_values for tc in tender.clauses}
    lots_after = {tc.clause.slug: tc.lot_values for tc in tender.clauses if tc.lot_values}
    if after != before or lots_after != lots_before or reworded:
        tender.updated_at = dt.datetime.now(dt.UTC)  # a new lock_version: other tabs are stale
        reopen_after_change(tender)
    _store(tender, 4, "insertion", {"hourly_cost": str(hourly_cost or hourly_cost_of(tender))})
    flush(session)
    record_event(
        session,
        actor=actor,
        action="tender.variables_saved",
        subject_type="tender",
        subject_id=tender.id,
        before={**before, **({"lot_values": lots_before} if lots_before else {})},
        after={**after, **({"lot_values": lots_after} if lots_after else {})},
    )
    if reworded:
        record_event(
            session,
            actor=actor,
            action="tender.wording_adapted",
            subject_type="tender",
            subject_id=tender.id,
            before={slug: old for slug, (old, _new) in reworded.items()},
            after={slug: new for slug, (_old, new) in reworded.items()},
        )


def _wording(
    tender_clause: TenderClause, posted: Mapping[str, str | None]
) -> dict[str, str | None] | None:
    """The clause's ``custom_text`` once the posted languages replace the saved ones."""
    saved = custom_clause_text(tender_clause.custom_text)
    texts: dict[str, str | None] = {language: saved.get(language) for language in LANGUAGES}
    texts.update(posted)
    return adapted_text(tender_clause.clause_version.clause_content.text, texts)


def save_criteria(
    session: Session,
    tender: Tender,
    criteria: dict[str, Any],
    clause_weights: dict[str, Decimal],
    *,
    lot_criteria: Mapping[str, Mapping[str, Any]] | None = None,
    actor: User,
    lock_version: str | int | None,
) -> None:
    """Store step 5: the weights of the contract and, for a divided tender whose lots
    are weighed each on their own, ``lot_criteria`` (lot key -> price_weight,
    technical_weight, price_formula, subcriteria, clause_weights); None or {}: the same
    criteria for all lots."""
    check_lock(tender, lock_version)
    for tender_clause in tender.clauses:
        if tender_clause.clause.slug in clause_weights:
            tender_clause.weight = clause_weights[tender_clause.clause.slug]
    own = jsonable({key: dict(data) for key, data in (lot_criteria or {}).items()})
    lots_before = tender.answers.get("lot_criteria") or {}
    tender.answers = {**tender.answers, "lot_criteria": own}
    before = _store(tender, 5, "criteria", jsonable(criteria))
    if own != lots_before:
        reopen_after_change(tender)
    flush(session)
    record_event(
        session,
        actor=actor,
        action="tender.criteria_saved",
        subject_type="tender",
        subject_id=tender.id,
        before={**(before or {}), **({"lot_criteria": lots_before} if lots_before else {})},
        after={
            **jsonable(criteria),
            "clause_weights": jsonable(clause_weights),
            **({"lot_criteria": own} if own else {}),
        },
    )


def save_simulation(
    session: Session, tender: Tender, bids: list[dict[str, Any]], lot: int | None = None
) -> None:
    """Keep the simulator's sample bids, and the lot they were ranked for."""
    simulation = {"bids": bids, **({"lot": lot} if lot is not None else {})}
    tender.answers = {**tender.answers, "simulation": jsonable(simulation)}
    flush(session)


def save_justifications(
    session: Session,
    tender: Tender,
    justifications: dict[str, str],
    *,
    actor: User,
    lock_version: str | int | None,
) -> None:
    check_lock(tender, lock_version)
    before = tender.answers.get("justifications") or {}
    cleaned = {rule: text.strip() for rule, text in justifications.items() if text.strip()}
    tender.answers = {**tender.answers, "justifications": cleaned}
    flush(session)
    record_event(
        session,
        actor=actor,
        action="tender.justifications_saved",
        subject_type="tender",
        subject_id=tender.id,
        before=before,
        after=cleaned,
    )


def jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(item) for item in value]
    if isinstance(value, Decimal):
        return str(int(value)) if value == value.to_integral() else format(value.normalize(), "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


# -- reading -----------------------------------------------------------------------


def insertion_proposal(
    purchase: Purchase, context: Context, rate: Decimal, hourly_cost: Decimal
) -> tuple[Decimal, Decimal]:
    """(hours over the whole contract, hours a year): value × labour share × rate ÷ hourly cost."""
    hours = (
        purchase.sizing_value * context.labour_share / 100 * rate / 100 / hourly_cost
    ).quantize(Decimal(1))
    years = max(Decimal(1), Decimal(purchase.duration_months) / 12)
    return hours, (hours / years).quantize(Decimal(1))


# -- what the steps propose ----------------------------------------------------------

# Default share of labour in the price, by contract type: a starting point the buyer
# adjusts (FACTS §4: 70 % painting, 50 % masonry, 80 % cleaning).
DEFAULT_LABOUR_SHARE = {"works": "40", "services": "50", "supplies": "10"}
# CPV divisions or groups whose purchase implies an answer of step 2.
IMPLIED_BY_CPV = {
    "catering": ("555",),  # catering services: collective catering (EGalim)
    "digital": ("30", "32", "48", "72"),
    "building": ("45",),
}


@dataclass(frozen=True)
class ImpliedAnswer:
    """A step-2 answer that step 1 implies, and the CPV code that implies it."""

    field: str
    cpv: str


def implied_context(purchase: Purchase) -> dict[str, Any]:
    """Step 2's starting answers, from step 1: the labour share of the contract type, and
    the subjects the CPV codes show (a catering code ticks collective catering)."""
    answers: dict[str, Any] = {"labour_share": DEFAULT_LABOUR_SHARE[purchase.contract_type.value]}
    for implied in implied_answers(purchase):
        answers[implied.field] = True
    return answers


def implied_answers(purchase: Purchase) -> list[ImpliedAnswer]:
    found = []
    for field, prefixes in IMPLIED_BY_CPV.items():
        code = next(
            (c for c in (purchase.cpv_main, *purchase.cpv_additional) if c.startswith(prefixes)),
            None,
        )
        if code is not None:
            found.append(ImpliedAnswer(field, code))
    return found


@dataclass(frozen=True)
class InsertionProposal:
    """The insertion hours proposed for a chosen insertion clause, and how."""

    field: str  # the variable the hours go in
    value: Decimal
    labour_share: Decimal
    rate: Decimal
    hourly_cost: Decimal
    total: Decimal
    yearly: Decimal

    @property
    def annual(self) -> bool:
        return self.field == "annual_insertion_hours"

    @property
    def proposal(self) -> int:
        return int(self.yearly if self.annual else self.total)


def insertion_estimate(
    slug: str,
    content: ClauseContent,
    values: Mapping[str, Any],
    snapshot: TenderSnapshot,
    hourly_cost: Decimal,
) -> InsertionProposal | None:
    """The hours proposed for an insertion clause with these variable values, or None if
    the clause sets no insertion hours."""
    variable = INSERTION_CLAUSES.get(slug)
    if variable is None:
        return None
    declared = {v.name: v.default for v in content.variables}
    rate = Decimal(str(values.get("insertion_rate", declared.get("insertion_rate", 5))))
    total, yearly = insertion_proposal(snapshot.purchase, snapshot.context, rate, hourly_cost)
    return InsertionProposal(
        field=variable,
        value=snapshot.purchase.sizing_value,
        labour_share=snapshot.context.labour_share,
        rate=rate,
        hourly_cost=hourly_cost,
        total=total,
        yearly=yearly,
    )


def insertion_for(
    tender: Tender, snapshot: TenderSnapshot, hourly_cost: Decimal
) -> tuple[str, InsertionProposal] | None:
    """The first chosen insertion clause's slug and its proposed hours, if one is chosen.

    On a divided tender, a clause on one lot is sized on that lot; a clause on several
    lots is left out: its hours are asked lot by lot (``lot_insertions``)."""
    for tender_clause in tender.clauses:
        slug = tender_clause.clause.slug
        content = tender_clause.clause_version.clause_content
        view = snapshot
        chosen = snapshot.clause(slug)
        if snapshot.purchase.is_divided and chosen is not None:
            lots = chosen.lots or snapshot.purchase.lot_numbers
            if len(lots) > 1:
                continue
            view = snapshot.for_lot(lots[0])
        proposal = insertion_estimate(
            slug, content, tender_clause.variable_values, view, hourly_cost
        )
        if proposal is not None:
            return slug, proposal
    return None


@dataclass(frozen=True)
class LotHours:
    """The insertion hours a clause on several lots asks for one lot, and its proposal."""

    slug: str
    number: int  # the lot's number
    key: str  # the lot's stable key, under which TenderClause.lot_values keeps the hours
    proposal: InsertionProposal

    @property
    def variable(self) -> str:
        return self.proposal.field


def lot_insertions(
    tender: Tender, snapshot: TenderSnapshot, hourly_cost: Decimal
) -> list[LotHours]:
    """On a divided tender, each insertion clause applying to several lots asks its hours
    once per lot, proposed from that lot's value and labour share; [] otherwise."""
    purchase = snapshot.purchase
    if not purchase.is_divided:
        return []
    found = []
    for tender_clause in tender.clauses:
        slug = tender_clause.clause.slug
        chosen = snapshot.clause(slug)
        if slug not in INSERTION_CLAUSES or chosen is None:
            continue
        lots = chosen.lots or purchase.lot_numbers
        if len(lots) < 2:
            continue
        for number in lots:
            view = snapshot.for_lot(number)
            content = tender_clause.clause_version.clause_content
            values = chosen.for_lot(number).values
            proposal = insertion_estimate(slug, content, values, view, hourly_cost)
            if proposal is not None:
                found.append(LotHours(slug, number, purchase.lot(number).key, proposal))
    return found
