"""A tender read back from the database as plain data (``procure.snapshot``): what
recommendations, compliance checks and documents take, whoever calls them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import object_session

from procure.library.adaptation import custom_clause_text
from procure.library.versions import parse_contents
from procure.models import AuditEvent, Tender, TenderClause
from procure.snapshot import (
    CRITERION_WEIGHT_VARIABLE,
    DEFAULT_HOURLY_COST,
    UNSPLIT_RULE,
    ChosenClause,
    Context,
    Criterion,
    Lot,
    Purchase,
    SubCriterion,
    TenderSnapshot,
    purchase_facts,
)
from procure.tenders.fit import LibraryEntry
from procure.tenders.recommend import recommend_by_lot
from procure.vocabulary import (
    LANGUAGES,
    Ambition,
    ClauseGrouping,
    ClauseKind,
    ContractType,
    CriterionKind,
    Objective,
    OrganisationCategory,
    PriceFormula,
    Procedure,
)


def purchase_of(tender: Tender) -> Purchase | None:
    data = tender.answers.get("purchase")
    if not data:
        return None
    return Purchase(
        title=data["title"],
        organisation_name=tender.organisation.name,
        buyer_category=OrganisationCategory(data["buyer_category"]),
        subject=data["subject"],
        contract_type=ContractType(data["contract_type"]),
        defence_or_security=bool(data["defence_or_security"]),
        cpv_main=data["cpv_main"],
        cpv_additional=split_codes(data.get("cpv_additional", "")),
        estimated_value=Decimal(data["estimated_value"]),
        duration_months=int(data["duration_months"]),
        lots=lots_of(data),
        procedure=Procedure(data["procedure"]),
        launch_date=dt.date.fromisoformat(data["launch_date"]),
        reference=tender.reference,
        unsplit_reason=data.get("unsplit_reason") or "",
    )


def lots_of(purchase_answers: dict[str, Any]) -> tuple[Lot, ...]:
    """The lots saved at step 1, numbered in their order."""
    return tuple(
        Lot(
            number=number,
            key=lot["key"],
            title=lot["title"],
            description=lot.get("description") or "",
            cpv_main=lot["cpv_main"],
            cpv_additional=split_codes(lot.get("cpv_additional") or ""),
            estimated_value=Decimal(lot["estimated_value"]),
            duration_months=int(lot["duration_months"]) if lot.get("duration_months") else None,
            labour_share=_decimal(lot.get("labour_share")),
        )
        for number, lot in enumerate(purchase_answers.get("lots") or [], start=1)
    )


def split_codes(text: str) -> tuple[str, ...]:
    return tuple(code.strip() for code in text.split(",") if code.strip())


def lot_numbers(tender: Tender) -> dict[str, int]:
    """Lot key -> lot number, in the order of step 1."""
    lots = (tender.answers.get("purchase") or {}).get("lots") or []
    return {lot["key"]: number for number, lot in enumerate(lots, start=1)}


def context_of(tender: Tender) -> Context | None:
    data = tender.answers.get("context")
    if not data:
        return None
    return Context(
        labour_share=Decimal(data["labour_share"]),
        catering=bool(data["catering"]),
        digital=bool(data["digital"]),
        building=bool(data["building"]),
        packaging_waste=bool(data["packaging_waste"]),
        urban_deliveries=bool(data["urban_deliveries"]),
        objectives=frozenset(Objective(o) for o in data.get("objectives") or []),
        has_spaser=bool(data["has_spaser"]),
        spaser_targets=data.get("spaser_targets") or "",
        annual_purchases=_decimal(data.get("annual_purchases")),
        hourly_cost=hourly_cost_of(tender),
        works=frozenset(data.get("works") or ()),
    )


def hourly_cost_of(tender: Tender) -> Decimal:
    """The hourly cost that sizes this tender's insertion hours: the one saved at step 4,
    else the organisation's setting, else the usual value."""
    saved = _decimal((tender.answers.get("insertion") or {}).get("hourly_cost"))
    return saved or tender.organisation.hourly_cost or DEFAULT_HOURLY_COST


def chosen_clauses(
    tender: Tender, purchase: Purchase, context: Context
) -> tuple[ChosenClause, ...]:
    """The chosen clauses, each with why it fits the tender, in every language: the
    reasons computed when the answers or the clauses were last saved (``refresh_reasons``),
    else the French reason stored at selection."""
    session = object_session(tender)
    if session is not None:  # the contents the process has not parsed yet, in one query
        parse_contents(session, [chosen.clause_version for chosen in tender.clauses])
    reasons = tender.answers.get("reasons") or {}
    numbers = lot_numbers(tender)
    saved_at = wording_saved_at(tender)
    return tuple(
        ChosenClause(
            slug=tc.clause.slug,
            version=tc.clause_version.number,
            kind=ClauseKind(tc.clause_version.kind),
            pillars=frozenset(tc.clause_version.clause_content.pillars),
            themes=frozenset(tc.clause_version.clause_content.themes),
            grouping=ClauseGrouping(tc.grouping),
            content=tc.clause_version.clause_content,
            values=_values(tc, purchase, _clause_lots(tc, numbers)),
            reason=reasons.get(tc.clause.slug) or ({"fr": tc.reason} if tc.reason else {}),
            custom_text=custom_clause_text(tc.custom_text),
            adapted_at=saved_at.get(tc.clause.slug) if tc.custom_text else None,
            approved_hash=tc.clause_version.approved_hash,
            lots=_clause_lots(tc, numbers),
            lot_values={
                numbers[key]: values for key, values in tc.lot_values.items() if key in numbers
            },
        )
        for tc in tender.clauses
    )


def wording_saved_at(tender: Tender) -> dict[str, dt.datetime]:
    """When each adapted clause's wording was last saved (slug -> time, UTC), read from
    the audit log's ``tender.wording_adapted`` events; empty for a tender with no
    adapted wording or outside a database session."""
    session = object_session(tender)
    if session is None or not any(custom_clause_text(tc.custom_text) for tc in tender.clauses):
        return {}
    events = session.scalars(
        select(AuditEvent)
        .where(
            AuditEvent.action == "tender.wording_adapted",
            AuditEvent.subject_type == "tender",
            AuditEvent.subject_id == str(tender.id),
        )
        .order_by(AuditEvent.created_at, AuditEvent.id)
    )
    saved: dict[str, dt.datetime] = {}
    for event in events:
        for slug, wording in (event.after or {}).items():
            if custom_clause_text(wording):
                saved[slug] = event.created_at
    return saved


def _clause_lots(tender_clause: TenderClause, numbers: dict[str, int]) -> tuple[int, ...]:
    """The numbers of the lots a chosen clause applies to; empty when it applies to all."""
    chosen = sorted(numbers[key] for key in tender_clause.lots if key in numbers)
    return () if len(chosen) == len(numbers) else tuple(chosen)


def refresh_reasons(tender: Tender) -> None:
    """Why each chosen clause fits the tender's current answers, in every language, kept
    on the tender so that pages and downloads read it instead of recomputing it. Called
    whenever the purchase, its context or the chosen clauses are saved."""
    purchase, context = purchase_of(tender), context_of(tender)
    if purchase is None or context is None or not tender.clauses:
        tender.answers = {k: v for k, v in tender.answers.items() if k != "reasons"}
        return
    ambition = Ambition(tender.ambition or Ambition.CORE)
    entries = [
        LibraryEntry(tc.clause.slug, tc.clause_version.number, tc.clause_version.clause_content)
        for tc in tender.clauses
    ]
    reasons = {
        r.entry.slug: {language: r.reason(language) for language in LANGUAGES}
        for r in recommend_by_lot(purchase, context, ambition, entries)
        if r.reasons
    }
    tender.answers = {**tender.answers, "reasons": reasons}


def _values(
    tender_clause: TenderClause, purchase: Purchase, lots: tuple[int, ...]
) -> dict[str, Any]:
    """A chosen clause's values: those the buyer set, the purchase's own facts for the
    ``lots`` it applies to, and for an award criterion the weight set in step 5."""
    declared = tender_clause.clause_version.clause_content.variable_names
    values = dict(tender_clause.variable_values)
    values.update({k: v for k, v in purchase_facts(purchase, lots).items() if k in declared})
    if tender_clause.weight is not None and CRITERION_WEIGHT_VARIABLE in declared:
        weight = Decimal(tender_clause.weight)
        values[CRITERION_WEIGHT_VARIABLE] = int(weight) if weight == int(weight) else float(weight)
    return values


def criteria_of(tender: Tender) -> tuple[Criterion, ...]:
    """The weighted criteria; labels are left empty so each document names them in its language."""
    data = tender.answers.get("criteria")
    if not data:
        return ()
    weights = {
        tc.clause.slug: Decimal(tc.weight)
        for tc in tender.clauses
        if tc.clause_version.kind == ClauseKind.AWARD_CRITERION and tc.weight is not None
    }
    return _criteria(data, weights)


def lot_criteria_of(tender: Tender) -> dict[int, tuple[Criterion, ...]]:
    """The award criteria of the lots that have their own (lot number -> criteria)."""
    numbers = lot_numbers(tender)
    return {
        numbers[key]: _criteria(data, {s: Decimal(w) for s, w in data["clause_weights"].items()})
        for key, data in (tender.answers.get("lot_criteria") or {}).items()
        if key in numbers
    }


def lot_price_formulas_of(tender: Tender) -> dict[int, str]:
    """The price formula of the lots that have their own criteria and a formula other
    than the contract's (lot number -> formula)."""
    numbers = lot_numbers(tender)
    contract = price_formula_of(tender.answers.get("criteria") or {})
    return {
        numbers[key]: formula
        for key, data in (tender.answers.get("lot_criteria") or {}).items()
        if key in numbers and (formula := price_formula_of(data)) != contract
    }


def price_formula_of(data: dict[str, Any]) -> str:
    """The price formula saved with a set of criteria; proportional when none or an
    unknown one was saved."""
    formula = data.get("price_formula")
    return formula if formula in set(PriceFormula) else PriceFormula.PROPORTIONAL


def _criteria(data: dict[str, Any], clause_weights: dict[str, Decimal]) -> tuple[Criterion, ...]:
    criteria = [Criterion(CriterionKind.PRICE, "", Decimal(data["price_weight"]))]
    technical = Decimal(data["technical_weight"])
    if technical:
        subcriteria = tuple(
            SubCriterion(s["name"], Decimal(s["weight"] or 0))
            for s in data.get("subcriteria") or []
            if s.get("name")
        )
        criteria.append(Criterion(CriterionKind.TECHNICAL, "", technical, subcriteria=subcriteria))
    criteria.extend(
        Criterion(CriterionKind.CLAUSE, "", weight, slug=slug)
        for slug, weight in clause_weights.items()
    )
    return tuple(criteria)


def snapshot_of(tender: Tender) -> TenderSnapshot | None:
    """The tender as plain data for checks and documents, once steps 1 and 2 are saved."""
    purchase, context = purchase_of(tender), context_of(tender)
    if purchase is None or context is None:
        return None
    return TenderSnapshot(
        purchase=purchase,
        context=context,
        ambition=Ambition(tender.ambition or Ambition.CORE),
        clauses=chosen_clauses(tender, purchase, context),
        criteria=criteria_of(tender),
        price_formula=price_formula_of(tender.answers.get("criteria") or {}),
        justifications=justifications_of(tender.answers, purchase),
        lot_criteria=lot_criteria_of(tender),
        lot_price_formulas=lot_price_formulas_of(tender),
    )


def justifications_of(answers: dict[str, Any], purchase: Purchase) -> dict[str, str]:
    """The buyer's written reasons by rule; the reason for not splitting the contract,
    written at step 1, is the one of rule lots-sme-access."""
    justifications = dict(answers.get("justifications") or {})
    if purchase.unsplit_reason:
        justifications[UNSPLIT_RULE] = purchase.unsplit_reason
    return justifications


def _decimal(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None
