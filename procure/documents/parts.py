"""What each part of the tender file says, and in which order.

- RC (règlement de la consultation): the reservation of the contract, when
  one is chosen, with its conditions of participation, the reservation
  article and the mention of the decision to reserve in the notice; bidders'
  capacities (selection criteria); award criteria with weights and
  sub-criteria and how each criterion is assessed; the documents bidders hand
  in for the responsible-purchasing criteria.
- CCAP: the definitions of the terms the chosen clauses use (SIAE, EA, ESAT…,
  each once, with its legal source; none when they use none), performance
  conditions, monitoring and reporting (with an indicator table), penalties.
- CCTP: technical specifications, labels accepted "or equivalent"; nothing at
  all when no specification is chosen (the L2111-2 compliance rule says so).
- Justification note: the purchase, each clause with its reason and legal
  basis, the criteria, the compliance checklist, the insertion-hours
  computation step by step, and the eForms codes to declare. It is internal:
  it is never bound with the others (``PUBLICATION_PARTS``).

Headings are written at levels 1–2 (3 for sub-parts of the note); in a
combined document the writer shifts them one level down under the part title.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from functools import partial

from procure.compliance.results import Outcome, RuleResult, Severity
from procure.documents.insertion import compute_insertion
from procure.documents.rendering import (
    Citation,
    RenderedClause,
    citation_of,
    render_clause,
)
from procure.documents.sanitise import one_line, xml_safe
from procure.documents.wording import Wording
from procure.documents.writer import Cell, DocumentWriter
from procure.exports.eforms import CODE_FIELDS, reserved_codes, strategic_description, tender_fields
from procure.formatting import (
    format_date,
    format_hours,
    format_money,
    format_number,
    format_percent,
    to_decimal,
)
from procure.library.legal import LANGUAGES, cite, cite_articles, legal_texts
from procure.library.markup import Span, parse
from procure.library.terms import terms_used
from procure.snapshot import (
    UNSPLIT_RULE,
    ChosenClause,
    Criterion,
    TenderSnapshot,
    enumerate_numbers,
)
from procure.vocabulary import (
    Ambition,
    ClauseGrouping,
    ClauseKind,
    ContractType,
    CriterionKind,
    KpiFrequency,
    Procedure,
)

HUNDRED = Decimal(100)


class DocumentPart(StrEnum):
    RC = "rc"
    CCAP = "ccap"
    CCTP = "cctp"
    NOTE = "note"


ALL_PARTS = tuple(DocumentPart)
# The dossier published to bidders: the internal justification note is never part of it.
PUBLICATION_PARTS = (DocumentPart.RC, DocumentPart.CCAP, DocumentPart.CCTP)
# The published part that writes each kind of clause: write_rc, write_ccap, write_cctp.
PART_OF_KIND: dict[ClauseKind, DocumentPart] = {
    ClauseKind.RESERVED_CONTRACT: DocumentPart.RC,
    ClauseKind.SELECTION_CRITERION: DocumentPart.RC,
    ClauseKind.AWARD_CRITERION: DocumentPart.RC,
    ClauseKind.EXECUTION_CONDITION: DocumentPart.CCAP,
    ClauseKind.MONITORING: DocumentPart.CCAP,
    ClauseKind.TECHNICAL_SPECIFICATION: DocumentPart.CCTP,
}

# The reservation articles of the Code de la commande publique, in the code's order
# (FACTS §1 and §10.5).
RESERVATION_ARTICLES = ("L2113-12", "L2113-13", "L2113-13-1", "L2113-14")
ESS_RESERVATION_ARTICLE = "L2113-15"


@dataclass
class PartContext:
    snapshot: TenderSnapshot
    results: Sequence[RuleResult]
    language: str
    say: Wording
    clauses: list[RenderedClause]  # in the snapshot's order
    writer: DocumentWriter

    def for_view(self, view: TenderSnapshot) -> PartContext:
        """The same document, written for a lot's view of the tender."""
        return dataclasses.replace(
            self,
            snapshot=view,
            clauses=[render_clause(clause, self.language) for clause in view.clauses],
        )

    def of_kind(self, *kinds: ClauseKind) -> list[RenderedClause]:
        return [clause for clause in self.clauses if clause.clause.kind in kinds]

    def find(self, slug: str | None) -> RenderedClause | None:
        return next((c for c in self.clauses if c.clause.slug == slug), None)

    def percent(self, value: Decimal | int | float) -> str:
        return format_percent(value, self.language)

    def number(self, value: Decimal | int | float) -> str:
        return format_number(value, self.language)

    def lots_of(self, chosen: ChosenClause) -> tuple[int, ...]:
        """The lots a clause applies to; empty for a contract not divided."""
        purchase = self.snapshot.purchase
        if not purchase.is_divided:
            return ()
        return tuple(n for n in purchase.lot_numbers if chosen.applies_to(n))

    def is_partial(self, chosen: ChosenClause) -> bool:
        """Whether a clause of a divided contract applies to some of its lots only."""
        lots = self.lots_of(chosen)
        return bool(lots) and len(lots) < len(self.snapshot.purchase.lots)

    def lots_mention(self, lots: Sequence[int]) -> str:
        """ "Lots concernés : lots 1, 3 et 4" / "Applies to lot 2"."""
        key = "lots.one" if len(lots) == 1 else "lots.many"
        return self.say(key, lots=enumerate_numbers(tuple(lots), self.language))

    def lot_groups(self, clause: RenderedClause) -> list[tuple[tuple[int, ...], RenderedClause]]:
        """The clause rendered once per group of lots sharing the same values (in lot
        order), or once as it is when its values do not differ by lot."""
        chosen = clause.clause
        lots = self.lots_of(chosen)
        if not chosen.lot_values or not lots:
            return [(lots, clause)]
        groups: dict[str, list[int]] = {}
        own: dict[str, ChosenClause] = {}
        for lot in lots:
            version = chosen.for_lot(lot)
            key = repr(sorted(version.values.items(), key=lambda item: item[0]))
            groups.setdefault(key, []).append(lot)
            own.setdefault(key, version)
        if len(groups) == 1:
            return [(lots, clause)]
        return [
            (tuple(numbers), render_clause(own[key], self.language))
            for key, numbers in groups.items()
        ]


def write_part(part: DocumentPart, context: PartContext) -> None:
    WRITERS[part](context)


def has_content(part: DocumentPart, context: PartContext) -> bool:
    """Whether ``part`` has anything to say: a CCTP without a specification has nothing."""
    if part is DocumentPart.CCTP:
        return bool(context.of_kind(ClauseKind.TECHNICAL_SPECIFICATION))
    return True


def reservation_articles(clause: RenderedClause) -> tuple[str, ...]:
    """The CCP reservation articles a reserved-contract clause cites, in the code's order."""
    cited = {
        str(basis.article) for basis in clause.clause.content.legal_basis if basis.code == "CCP"
    }
    return tuple(a for a in (*RESERVATION_ARTICLES, ESS_RESERVATION_ARTICLE) if a in cited)


def write_clause(
    context: PartContext,
    clause: RenderedClause,
    *,
    level: int = 2,
    heading: str | None = None,
    evidence_label: str | None = None,
    before: Sequence[Callable[[], object]] = (),
) -> None:
    """A clause under its own heading, bookmarked with its library id and version."""
    writer = context.writer
    first = writer.heading(level, heading or clause.title)
    last = first
    groups = context.lot_groups(clause)
    if context.is_partial(clause.clause):
        mention = context.lots_mention(context.lots_of(clause.clause))
        last = writer.paragraph((Span(mention, emphasis=True),))
    for write in before:
        last = write()
    for lots, rendered in groups:
        if len(groups) > 1:
            group = (Span(context.lots_mention(lots), strong=True),)
            last = writer.paragraph(group, keep_next=True)
        if writer.revisions and rendered.library_text is not None:
            written = writer.tracked_blocks(
                rendered.library_text, rendered.text, rendered.clause.adapted_at
            )
        else:
            written = writer.blocks(rendered.text)
        if written:
            last = written[1]
        if evidence_label and rendered.verification:
            lead = (Span(evidence_label, strong=True),)
            evidence = writer.blocks(rendered.verification, lead=lead)
            if evidence:
                last = evidence[1]
    writer.bookmark(
        clause.bookmark,
        clause.trace,
        first,
        last,
    )
    if clause.diverges:  # after the bookmark: the clause's own text stays what it holds
        writer.note((Span(context.say("clause.diverges"), strong=True),))


# -- règlement de la consultation ---------------------------------------------
def criterion_label(context: PartContext, criterion: Criterion) -> str:
    return one_line(context.snapshot.criterion_name(criterion, context.language)).strip()


def criteria_table(context: PartContext) -> None:
    say = context.say
    rows: list[list[Cell]] = []
    for criterion in context.snapshot.criteria:
        rows.append([criterion_label(context, criterion), context.percent(criterion.weight)])
        for sub in criterion.subcriteria:
            points = to_decimal(criterion.weight, "criterion.weight") * sub.weight / HUNDRED
            rows.append(
                [
                    f"— {one_line(sub.label)}",
                    say(
                        "rc.subcriterion.weight",
                        weight=context.percent(sub.weight),
                        points=context.number(points),
                    ),
                ]
            )
    total = sum(
        (to_decimal(c.weight, "criterion.weight") for c in context.snapshot.criteria), Decimal(0)
    )
    rows.append(
        [
            (Span(say("rc.criteria.total"), strong=True),),
            (Span(context.percent(total), strong=True),),
        ]
    )
    context.writer.table([say("table.criterion"), say("table.weight")], rows, (3, 1.4))


def write_rc(context: PartContext) -> None:
    say, writer = context.say, context.writer
    award_clauses = context.of_kind(ClauseKind.AWARD_CRITERION)

    write_lots(context)
    write_reservation(context)

    selection = context.of_kind(ClauseKind.SELECTION_CRITERION)
    if selection:
        writer.heading(1, say("rc.selection"))
        for clause in selection:
            write_clause(context, clause)

    write_criteria(context, award_clauses)

    # How each criterion's commitments are checked: the buyer's method, announced to the
    # bidders; what they submit is in each criterion's own text.
    evidence = [c for c in (*award_clauses, *selection) if c.verification]
    if not evidence:
        return
    writer.heading(1, say("rc.verification"))
    writer.paragraph(say("rc.verification.lead"), keep_next=True)
    for clause in evidence:
        writer.blocks(clause.verification, lead=(Span(f"{clause.title}. ", strong=True),))


def write_criteria(context: PartContext, award_clauses: Sequence[RenderedClause]) -> None:
    """The award criteria with their weights, then how each is assessed. Lots judged on
    their own criteria get a table and an assessment each; lots judged alike share them."""
    say, writer, snapshot = context.say, context.writer, context.snapshot
    groups = [
        (lots, context if not lots else context.for_view(view))
        for lots, view in snapshot.criteria_groups()
    ]
    writer.heading(1, say("rc.criteria"))
    if len(groups) > 1:
        writer.paragraph(say("rc.criteria.by_lot"))
    elif snapshot.purchase.is_divided and snapshot.criteria:
        writer.paragraph(say("rc.criteria.all_lots"))
    for lots, group in groups:
        if lots:
            writer.heading(2, _lots_heading(context, lots))
        if group.snapshot.criteria:
            writer.paragraph(say("rc.criteria.lead"), keep_next=True)
            criteria_table(group)
        else:
            writer.paragraph(say("rc.criteria.none"))

    linked = {c.slug for _lots, group in groups for c in group.snapshot.criteria if c.slug}
    unlinked = [c for c in award_clauses if c.clause.slug not in linked]
    if any(group.snapshot.criteria for _lots, group in groups) or unlinked:
        writer.heading(1, say("rc.assessment"))
    for lots, group in groups:
        for criterion in group.snapshot.criteria:
            write_criterion(group, criterion, lots=_lots_heading(context, lots) if lots else "")
    for clause in unlinked:
        write_clause(
            context,
            clause,
            before=(lambda: writer.note(say("rc.unweighted")),),
        )


def _lots_heading(context: PartContext, lots: Sequence[int]) -> str:
    """ "Lot 2", "Lots 1, 3 et 4"."""
    key = "rc.lots.one" if len(lots) == 1 else "rc.lots.many"
    return context.say(key, lots=enumerate_numbers(tuple(lots), context.language))


def write_lots(context: PartContext) -> None:
    """The lots of a divided contract (L2113-10), each with its subject, main CPV code,
    value, duration when it is not the contract's, reservation and award criteria; for a
    contract not divided, the written reason for not dividing it (L2113-11), or that
    none was given."""
    say, writer, snapshot, language = (
        context.say,
        context.writer,
        context.snapshot,
        context.language,
    )
    purchase = snapshot.purchase
    if not purchase.is_divided:
        writer.heading(1, say("rc.unsplit"))
        article = cite("CCP", "L2113-11", language)
        reason = one_line(purchase.unsplit_reason or snapshot.justifications.get(UNSPLIT_RULE, ""))
        if reason.strip():
            writer.paragraph(say("rc.unsplit.reason", article=article, reason=reason.strip()))
        else:
            writer.paragraph(say("rc.unsplit.none", article=article))
        return
    writer.heading(1, say("rc.lots"))
    writer.paragraph(
        say(
            "rc.lots.lead",
            count=len(purchase.lots),
            article=cite("CCP", "L2113-10", language),
        )
    )
    reserved = context.of_kind(ClauseKind.RESERVED_CONTRACT)
    for lot in purchase.lots:
        writer.heading(2, say("rc.lot.heading", number=lot.number, title=one_line(lot.title)))
        if lot.description.strip():
            writer.paragraph(one_line(lot.description).strip())
        writer.bullet(say("rc.lot.cpv", cpv=one_line(lot.cpv_main)))
        value = format_money(
            lot.estimated_value, language, field=f"purchase.lots[{lot.number}].estimated_value"
        )
        writer.bullet(say("rc.lot.value", value=value))
        if lot.duration_months and lot.duration_months != purchase.duration_months:
            writer.bullet(say("rc.lot.duration", months=lot.duration_months))
        reservations = [c.title for c in reserved if c.clause.applies_to(lot.number)]
        if reservations:
            writer.paragraph(
                say(
                    "rc.lot.reserved",
                    reservations=", ".join(reservations),
                    heading=say("rc.reserved"),
                )
            )
        criteria = snapshot.criteria_for(lot.number)
        if not criteria:
            writer.paragraph(say("rc.lot.criteria.none"))
            continue
        writer.paragraph(say("rc.lot.criteria"), keep_next=True)
        for criterion in criteria:
            weight = to_decimal(criterion.weight, "criterion.weight")
            label = criterion_label(context, criterion)
            writer.bullet(say("rc.lot.criterion", label=label, weight=context.percent(weight)))


def _articles(context: PartContext, articles: Sequence[str]) -> str:
    return cite_articles(legal_texts()["CCP"], articles, context.language)


def write_reservation(context: PartContext) -> None:
    """The reservation and its conditions of participation, the article each clause rests
    on, and how the decision to reserve is made known (R2113-7; FACTS §10.5).

    Nothing at all when no reservation is chosen.
    """
    say, writer = context.say, context.writer
    reserved = context.of_kind(ClauseKind.RESERVED_CONTRACT)
    if not reserved:
        return
    writer.heading(1, say("rc.reserved"))
    cited: set[str] = set()
    codes: set[str] = set()
    for clause in reserved:
        articles = reservation_articles(clause)
        cited.update(articles)
        codes.update(reserved_codes(clause.clause))
        before: list[Callable[[], object]] = []
        if articles:
            basis = say("rc.reserved.basis", articles=_articles(context, articles))
            before.append(partial(writer.paragraph, basis))
        write_clause(context, clause, evidence_label=say("rc.reserved.evidence"), before=before)

    writer.heading(2, say("rc.reserved.notice"))
    if cited & set(RESERVATION_ARTICLES):
        article = cite("CCP", "R2113-7", context.language)
        writer.paragraph(say("rc.reserved.notice.r2113_7", article=article))
    if ESS_RESERVATION_ARTICLE in cited:
        # FACTS §10.5 leaves open which regulatory article carries this mention for
        # L2113-15 (R2113-8, [memory]): the sentence names none.
        article = cite("CCP", ESS_RESERVATION_ARTICLE, context.language)
        writer.paragraph(say("rc.reserved.notice.ess", article=article))
    if not cited:
        writer.paragraph(say("rc.reserved.notice.plain"))
    if codes:
        writer.note(say("rc.reserved.eforms", codes=", ".join(sorted(codes))))


def write_criterion(context: PartContext, criterion: Criterion, *, lots: str = "") -> None:
    """How one criterion is assessed; ``lots`` names the lots it is for ("Lots 1 et 2")
    when the lots have criteria of their own."""
    say, writer = context.say, context.writer
    weight = to_decimal(criterion.weight, "criterion.weight")
    heading = say(
        "rc.criterion.heading",
        label=criterion_label(context, criterion),
        weight=context.percent(weight),
    )
    if lots:
        heading = say("rc.criterion.heading.lots", lots=lots, heading=heading)
    points = context.number(weight)

    def subcriteria() -> object:
        last = writer.paragraph(say("rc.subcriteria.lead"), keep_next=True)
        for sub in criterion.subcriteria:
            last = writer.bullet(
                say(
                    "rc.subcriterion.item",
                    label=one_line(sub.label),
                    weight=context.percent(sub.weight),
                    points=context.number(weight * sub.weight / HUNDRED),
                )
            )
        return last

    clause = context.find(criterion.slug) if criterion.kind is CriterionKind.CLAUSE else None
    if clause is not None:
        before: list[Callable[[], object]] = [
            lambda: writer.paragraph(say("rc.clause.method", points=points))
        ]
        if criterion.subcriteria:
            before.append(subcriteria)
        write_clause(context, clause, heading=heading, before=before)
        return
    writer.heading(2, heading)
    if criterion.kind is CriterionKind.PRICE:
        method = f"rc.price.method.{context.snapshot.price_formula}"
        writer.paragraph(say(method, points=points))
    else:
        writer.paragraph(say("rc.technical.method", points=points))
    if criterion.subcriteria:
        subcriteria()


# -- CCAP -------------------------------------------------------------------------
def write_ccap(context: PartContext) -> None:
    say, writer = context.say, context.writer
    evidence = say("ccap.evidence")

    write_definitions(context)

    writer.heading(1, say("ccap.conditions"))
    conditions = context.of_kind(ClauseKind.EXECUTION_CONDITION)
    if conditions:
        writer.paragraph(say("ccap.conditions.lead"))
        for clause in conditions:
            write_clause(context, clause, evidence_label=evidence)
    else:
        writer.paragraph(say("ccap.conditions.none"))

    writer.heading(1, say("ccap.monitoring"))
    with_kpi = [(clause, clause.kpi) for clause in context.clauses if clause.kpi]
    if with_kpi:
        writer.paragraph(say("ccap.kpi.lead"), keep_next=True)
        writer.table(
            [
                say("table.indicator"),
                say("table.unit"),
                say("table.frequency"),
                say("table.clause"),
            ],
            [
                [
                    kpi.metric,
                    kpi.unit,
                    say.label(KpiFrequency, kpi.frequency),
                    _scoped(context, clause),
                ]
                for clause, kpi in with_kpi
            ],
            (3.2, 0.8, 1.3, 3),
        )
    monitoring = context.of_kind(ClauseKind.MONITORING)
    for clause in monitoring:
        write_clause(context, clause, evidence_label=evidence)
    if not with_kpi and not monitoring:
        writer.paragraph(say("ccap.monitoring.none"))

    writer.heading(1, say("ccap.penalties"))
    with_penalty = [clause for clause in context.clauses if clause.penalty]
    if not with_penalty:
        writer.paragraph(say("ccap.penalties.none"))
        return
    writer.paragraph(say("ccap.penalties.lead"), keep_next=True)
    for clause in with_penalty:
        groups: list[tuple[tuple[int, ...], RenderedClause]] = []
        for lots, rendered in context.lot_groups(clause):
            # lots whose values differ but whose penalty reads the same share one paragraph
            same = next(
                (i for i, (_, r) in enumerate(groups) if r.penalty == rendered.penalty), None
            )
            if same is None:
                groups.append((lots, rendered))
            else:
                groups[same] = (groups[same][0] + lots, groups[same][1])
        for lots, rendered in groups:
            # a penalty of a clause on some lots names them, once per group of own values
            scoped = len(groups) > 1 or context.is_partial(clause.clause)
            lead = (
                f"{clause.title} ({context.lots_mention(lots)}). "
                if scoped
                else f"{clause.title}. "
            )
            writer.blocks(rendered.penalty, lead=(Span(lead, strong=True),))


def _scoped(context: PartContext, clause: RenderedClause) -> str:
    """A clause's title, followed by its lots when it applies to some lots only."""
    if not context.is_partial(clause.clause):
        return clause.title
    return f"{clause.title}\n{context.lots_mention(context.lots_of(clause.clause))}"


def write_definitions(context: PartContext) -> None:
    """The terms the chosen clauses use (whatever part they are in), each defined once
    with its legal source; nothing at all when they use none (``procure/library/terms``)."""
    say, writer, language = context.say, context.writer, context.language
    used = terms_used(
        (
            [(basis.code, basis.article) for basis in chosen.content.legal_basis],
            [*chosen.content.title.values(), *(chosen.text(other) or "" for other in LANGUAGES)],
        )
        for chosen in (clause.clause for clause in context.clauses)
    )
    if not used:
        return
    writer.heading(1, say("ccap.definitions"))
    writer.paragraph(say("ccap.definitions.lead"), keep_next=True)
    for term in used:
        writer.blocks(
            parse(xml_safe(term.definition[language])),
            lead=(
                Span(one_line(term.name[language]), strong=True),
                Span(say("ccap.definitions.is")),
            ),
        )
        writer.note(say("ccap.definitions.source", source=term.source.citation(language)))


# -- CCTP -------------------------------------------------------------------------
def write_cctp(context: PartContext) -> None:
    """The specifications; no section at all when none is chosen (``has_content``)."""
    say, writer = context.say, context.writer
    specifications = context.of_kind(ClauseKind.TECHNICAL_SPECIFICATION)
    if not specifications:
        return
    writer.heading(1, say("cctp.specifications"))
    writer.note(say("cctp.labels"))
    for clause in specifications:
        write_clause(context, clause, evidence_label=say("cctp.evidence"))


# -- justification note -----------------------------------------------------------
def write_note(context: PartContext) -> None:
    write_purchase(context)
    write_clause_reasons(context)
    if context.snapshot.criteria:
        context.writer.heading(1, context.say("note.criteria"))
        criteria_table(context)
    write_compliance(context)
    write_insertion(context)
    write_eforms(context)


def write_purchase(context: PartContext) -> None:
    say, purchase, language = context.say, context.snapshot.purchase, context.language
    contextual = context.snapshot.context
    rows: list[tuple[str, str]] = [
        (say("note.purchase.organisation"), one_line(purchase.organisation_name)),
        (say("note.purchase.title"), one_line(purchase.title)),
        (say("note.purchase.reference"), one_line(purchase.reference) or "—"),
        (say("note.purchase.subject"), one_line(purchase.subject) or "—"),
        (
            say("note.purchase.contract_type"),
            say.label(ContractType, purchase.contract_type.value),
        ),
        (
            say("note.purchase.cpv"),
            ", ".join(one_line(c) for c in (purchase.cpv_main, *purchase.cpv_additional)),
        ),
        (
            say("note.purchase.value"),
            format_money(purchase.estimated_value, language, field="purchase.estimated_value"),
        ),
        (
            say("note.purchase.duration"),
            say("note.purchase.months", months=purchase.duration_months),
        ),
        (say("note.purchase.lots"), _lots_list(context)),
        (say("note.purchase.procedure"), say.label(Procedure, purchase.procedure.value)),
        (say("note.purchase.launch"), format_date(purchase.launch_date, language)),
        (say("note.purchase.labour"), context.percent(contextual.labour_share)),
        (say("note.purchase.ambition"), say.label(Ambition, context.snapshot.ambition.value)),
        (say("note.purchase.spaser"), say("yes") if contextual.has_spaser else say("no")),
    ]
    context.writer.heading(1, say("note.purchase"))
    context.writer.table(
        [say("note.field"), say("note.value")], [list(row) for row in rows], (2, 3)
    )


def _lots_list(context: PartContext) -> str:
    """The lots of the purchase, one a line, or that it is not divided."""
    say, purchase = context.say, context.snapshot.purchase
    if not purchase.is_divided:
        return say("note.purchase.lots.none")
    return "\n".join(
        say(
            "note.purchase.lot",
            number=lot.number,
            title=one_line(lot.title),
            value=format_money(lot.estimated_value, context.language),
        )
        for lot in purchase.lots
    )


def _citations_text(citations: Sequence[Citation], say: Wording) -> str:
    """The legal basis in a table cell: the short form, one reference a line."""
    return "\n".join(
        citation.short + ("" if citation.verified else say("note.unconfirmed"))
        for citation in citations
    )


def write_clause_reasons(context: PartContext) -> None:
    say, writer = context.say, context.writer
    writer.heading(1, say("note.clauses"))
    if not context.clauses:
        writer.paragraph(say("note.clauses.none"))
        return
    writer.paragraph(say("note.clauses.lead"), keep_next=True)
    rows: list[list[Cell]] = []
    for clause in context.clauses:
        chosen = clause.clause
        identity = [
            (Span(clause.title, strong=True),),
            (Span(f"{chosen.slug}, " + say("note.clause.version", version=chosen.version)),),
        ]
        if chosen.is_adapted:
            adapted = say("note.clause.adapted", version=chosen.version)
            identity.append((Span(adapted, emphasis=True),))
        if context.snapshot.purchase.is_divided:
            lots = context.lots_of(chosen)
            scope = context.lots_mention(lots) if context.is_partial(chosen) else say("lots.all")
            identity.append((Span(scope, emphasis=True),))
        rows.append(
            [
                identity,
                say.label(ClauseKind, chosen.kind.value),
                say.label(ClauseGrouping, chosen.grouping.value),
                one_line(chosen.reason_in(context.language)).strip() or say("note.reason.none"),
                _citations_text(clause.citations, say),
            ]
        )
    writer.table(
        [
            say("table.clause"),
            say("table.kind"),
            say("table.origin"),
            say("table.reason"),
            say("table.legal"),
        ],
        rows,
        (2.5, 1.3, 1.5, 2.6, 2.3),
    )
    if any(not citation.verified for clause in context.clauses for citation in clause.citations):
        writer.note(say("note.unconfirmed.legend"))


def _in_language(texts: dict[str, str], language: str) -> str:
    text = texts.get(language) or next(iter(texts.values()), "")
    return one_line(text)


def write_compliance(context: PartContext) -> None:
    say, writer, language = context.say, context.writer, context.language
    writer.heading(1, say("note.compliance"))
    results = list(context.results)
    if not results:
        writer.paragraph(say("note.compliance.none"))
        if context.snapshot.justifications:
            writer.table(
                [say("table.rule"), say("note.compliance.justification").strip(" :")],
                [
                    [one_line(rule), one_line(reason)]
                    for rule, reason in context.snapshot.justifications.items()
                ],
                (1, 3),
            )
        return
    counts = {outcome: sum(r.outcome is outcome for r in results) for outcome in Outcome}
    writer.paragraph(
        say(
            "note.compliance.summary",
            total=len(results),
            passed=counts[Outcome.PASSED],
            failed=counts[Outcome.FAILED],
            justified=counts[Outcome.JUSTIFIED],
            na=counts[Outcome.NOT_APPLICABLE],
        )
    )
    if any(result.blocks_download for result in results):
        writer.note((Span(say("note.compliance.blocking"), strong=True),))
    rows: list[list[Cell]] = []
    for result in results:
        explanation: list[Sequence[Span]] = [(Span(_in_language(result.why, language)),)]
        if result.lots:
            explanation.insert(0, (Span(result.lots_label(language), strong=True),))
        if result.justification:
            explanation.append(
                (
                    Span(say("note.compliance.justification"), strong=True),
                    Span(one_line(result.justification)),
                )
            )
        if result.outcome is Outcome.FAILED and result.action:
            explanation.append(
                (
                    Span(say("note.compliance.action"), strong=True),
                    Span(_in_language(result.action, language)),
                )
            )
        if not result.verified:
            explanation.append((Span(say("note.compliance.unverified"), emphasis=True),))
        outcome = say.label(Outcome, result.outcome.value)
        rows.append(
            [
                _in_language(result.title, language),
                say.label(Severity, result.severity.value),
                (Span(outcome, strong=result.blocks_download),),
                explanation,
                _citations_text(_rule_citations(result, language), say),
            ]
        )
    writer.table(
        [
            say("table.rule"),
            say("table.severity"),
            say("table.outcome"),
            say("table.explanation"),
            say("table.legal"),
        ],
        rows,
        (2.3, 1.5, 1.4, 3.2, 2.1),
    )


def _rule_citations(result: RuleResult, language: str) -> list[Citation]:
    return [citation_of(code, article, language) for code, article in result.legal_basis]


def write_insertion(context: PartContext) -> None:
    say, writer, language = context.say, context.writer, context.language
    writer.heading(1, say("note.insertion"))
    # lot by lot for a divided contract: each lot's value, labour share and own hours
    computations = [
        (lot, computation)
        for lot, view in context.snapshot.views()
        for computation in compute_insertion(view)
    ]
    if not computations:
        writer.paragraph(say("note.insertion.none"))
        return
    writer.paragraph(say("note.insertion.lead"))
    for lot, computation in computations:
        rendered = context.find(computation.clause.slug)
        title = rendered.title if rendered else computation.clause.slug
        if lot is None:
            writer.heading(2, say("note.insertion.clause", title=title))
        else:
            writer.heading(2, say("note.insertion.clause.lot", title=title, lot=lot))
        if not computation.possible:
            writer.note(say("note.insertion.no_labour"))
            continue

        def money(value: Decimal) -> str:
            return format_money(value, language)

        writer.table(
            [say("table.step"), say("table.computation"), say("table.result")],
            [
                [
                    say("note.insertion.value" if lot is None else "note.insertion.value.lot"),
                    "",
                    money(computation.value),
                ],
                [
                    say("note.insertion.labour"),
                    f"{money(computation.value)} × {context.percent(computation.labour_share)}",
                    money(computation.labour_amount),
                ],
                [
                    say("note.insertion.rate"),
                    f"{money(computation.labour_amount)} × {context.percent(computation.rate)}",
                    money(computation.insertion_amount),
                ],
                [
                    say("note.insertion.cost"),
                    f"{money(computation.insertion_amount)} ÷ {money(computation.hourly_cost)}",
                    format_hours(computation.exact_hours, language),
                ],
                [
                    say("note.insertion.rounded"),
                    "",
                    (Span(format_hours(computation.hours, language), strong=True),),
                ],
            ],
            (2.2, 3, 1.4),
        )
        if computation.hourly_cost_assumed:
            writer.note(say("note.insertion.assumed_cost", cost=money(computation.hourly_cost)))
        chosen = computation.chosen_hours
        if chosen is None:
            continue
        if chosen == computation.hours:
            writer.paragraph(say("note.insertion.chosen", hours=format_hours(chosen, language)))
        else:
            writer.note(
                say(
                    "note.insertion.differs",
                    chosen=format_hours(chosen, language),
                    computed=format_hours(computation.hours, language),
                )
            )


def write_eforms(context: PartContext) -> None:
    say, writer = context.say, context.writer
    writer.heading(1, say("note.eforms"))
    fields = tender_fields(context.snapshot)
    declared = fields.codes.declared()
    writer.paragraph(say("note.eforms.lead"), keep_next=True)

    rows: list[list[Cell]] = []
    for field in CODE_FIELDS:
        values = declared[field]
        if not values:
            rows.append([say(f"eforms.{field}"), say("eforms.empty"), ""])
            continue
        for index, value in enumerate(values):
            rows.append(
                [say(f"eforms.{field}") if index == 0 else "", value, say.code(field, value)]
            )
    writer.table(
        [say("table.field"), say("table.codes"), say("table.meaning")], rows, (2, 1.2, 3.6)
    )
    if not declared["BT-805"]:
        writer.note(say("eforms.bt805.unknown"))
    if not fields.codes.needs_description:
        writer.note(say("eforms.bt777.none"))
        return
    writer.note(say("eforms.bt777"))
    writer.paragraph(strategic_description(context.snapshot.clauses, context.language))


WRITERS: dict[DocumentPart, Callable[[PartContext], None]] = {
    DocumentPart.RC: write_rc,
    DocumentPart.CCAP: write_ccap,
    DocumentPart.CCTP: write_cctp,
    DocumentPart.NOTE: write_note,
}
