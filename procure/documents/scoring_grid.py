"""The bid scoring grid (.xlsx): one row per bidder, formulas for points, total and rank.

Layout (rows): title, reference, how to use; then four header rows — criterion
(with its weight), sub-criterion, what the column holds, and the weight in
points that the formulas read — then one row per bidder and a check row that
adds up the weights.

Columns: bidder; for each price criterion, the tendered amount and its points
(proportional: lowest price ÷ bid price × weight; linear: full weight for the
lowest price, zero at twice the lowest price); for each other criterion
(or each of its sub-criteria), a mark out of 10 and its points (mark ÷ 10 ×
weight); the total; the rank. The evaluator types names, amounts and marks;
everything else is a formula, so the sheet stays right when a mark changes.

Texts typed by buyers are always written as text, never as formulas: a
criterion called ``=HYPERLINK(...)`` stays a label.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, replace
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from procure.documents.sanitise import one_line
from procure.formatting import check_language, format_percent, to_decimal
from procure.snapshot import TenderSnapshot
from procure.vocabulary import CriterionKind, PriceFormula

SUPPORTED_PRICE_FORMULAS = tuple(PriceFormula)
MARK_MAX = 10
TEXT_MAX = 250
HUNDRED = Decimal(100)

HEADER_FILL = PatternFill("solid", fgColor="D9E2F3")
INPUT_FILL = PatternFill("solid", fgColor="FFF9E5")
THIN = Side(style="thin", color="A6A6A6")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)

TEXTS = {
    "sheet": ("Grille", "Scoring grid"),
    "sheet.lot": ("Lot {n}", "Lot {n}"),
    "title.lot": (
        "Grille d'analyse des offres — {title} — lot n° {n} : {lot}",
        "Bid scoring grid — {title} — lot No {n}: {lot}",
    ),
    "draft": ("Projet — non conforme", "Draft — not compliant"),
    "title": ("Grille d'analyse des offres — {title}", "Bid scoring grid — {title}"),
    "reference": (
        "{organisation} — référence {reference}",
        "{organisation} — reference {reference}",
    ),
    "how": (
        "Saisissez le nom de chaque candidat, le montant HT de son offre et une note de 0 à 10 "
        "pour chaque critère ou sous-critère. Les points, le total et le rang se calculent seuls.",
        "Enter each bidder's name, the amount of its tender excluding VAT and a mark from 0 to "
        "10 for each criterion or sub-criterion. Points, total and rank are computed.",
    ),
    "bidder": ("Candidat", "Bidder"),
    "bidder.n": ("Candidat {n}", "Bidder {n}"),
    "whole": ("Critère entier", "Whole criterion"),
    "amount": ("Montant HT (€)", "Amount excl. VAT (€)"),
    "mark": ("Note /10", "Mark /10"),
    "points": ("Points (max {max})", "Points (max {max})"),
    "weight": ("Pondération (points)", "Weight (points)"),
    "total": ("Total /100", "Total /100"),
    "rank": ("Rang", "Rank"),
    "check": ("Somme des pondérations", "Sum of the weights"),
    "price.rule.proportional": (
        "Prix : points = montant le plus bas ÷ montant de l'offre × pondération.",
        "Price: points = lowest amount ÷ tender amount × weight.",
    ),
    "price.rule.linear": (
        "Prix : points = (2 − montant de l'offre ÷ montant le plus bas) × pondération, "
        "et zéro à partir du double du montant le plus bas.",
        "Price: points = (2 − tender amount ÷ lowest amount) × weight, and zero from "
        "twice the lowest amount.",
    ),
}


@dataclass(frozen=True)
class Item:
    """One scored column pair: a price or a mark, and its points."""

    group: int  # index of the criterion
    criterion: str
    label: str
    weight: Decimal  # points out of 100
    is_price: bool


# Bids as procure writes money (procure.formatting.format_money): "1 200 000,50 €" in
# French, "€1,200,000.50" in English; Excel applies its own digit separators.
MONEY_FORMATS = {"fr": '#,##0.00 "€"', "en": '"€"#,##0.00'}


def _say(key: str, language: str, **values: object) -> str:
    text = TEXTS[key][0 if language == "fr" else 1]
    return text.format(**values) if values else text


def _text(value: str) -> str:
    cleaned = one_line(value)
    return cleaned if len(cleaned) <= TEXT_MAX else cleaned[: TEXT_MAX - 1] + "…"


def _write_text(cell: Cell, value: str) -> Cell:
    """Write buyer text as a string even when it starts with ``=``."""
    cell.value = _text(value)
    cell.data_type = "s"
    return cell


def _items(snapshot: TenderSnapshot, language: str) -> list[Item]:
    items: list[Item] = []
    for index, criterion in enumerate(snapshot.criteria):
        weight = to_decimal(criterion.weight, f"criteria[{index}].weight")
        label = snapshot.criterion_name(criterion, language)
        heading = f"{label} ({format_percent(weight, language)})"
        if criterion.kind is CriterionKind.PRICE:
            items.append(Item(index, heading, "", weight, is_price=True))
        elif criterion.subcriteria:
            for sub in criterion.subcriteria:
                share = to_decimal(sub.weight, f"criteria[{index}].subcriteria.weight")
                items.append(
                    Item(index, heading, _text(sub.label), weight * share / HUNDRED, False)
                )
        else:
            items.append(Item(index, heading, _say("whole", language), weight, is_price=False))
    return items


def build_scoring_grid(
    snapshot: TenderSnapshot, *, language: str = "fr", bidders: int = 5, draft: bool = False
) -> bytes:
    """The scoring grid as .xlsx bytes; ``ValueError`` for an unknown price formula.

    ``draft``: every printed page's header says the dossier is not compliant."""
    check_language(language)
    for formula in {snapshot.price_formula, *snapshot.lot_price_formulas.values()}:
        if formula not in SUPPORTED_PRICE_FORMULAS:
            raise ValueError(
                f"price_formula: {formula!r} is not supported; "
                f"use one of {', '.join(SUPPORTED_PRICE_FORMULAS)}"
            )
    if bidders < 1:
        raise ValueError("bidders: at least one row is needed")
    workbook = Workbook()
    purchase = snapshot.purchase
    # One sheet per lot, each with the lot's own criteria; one for a contract not divided.
    lots: list[int | None] = list(purchase.lot_numbers) if purchase.is_divided else [None]
    for index, lot in enumerate(lots):
        sheet = workbook.active if index == 0 else workbook.create_sheet()
        view = (
            snapshot
            if lot is None
            else replace(
                snapshot,
                criteria=snapshot.criteria_for(lot),
                price_formula=snapshot.price_formula_for(lot),
            )
        )
        grid = _Grid(sheet, language, bidders, lot, view.price_formula)
        grid.title(view)
        for item in _items(view, language):
            grid.item(item)
        grid.totals()
        grid.layout()
        if draft:
            grid.sheet.oddHeader.center.text = grid.say("draft")
    workbook.properties.title = _text(snapshot.purchase.title)
    workbook.properties.creator = _text(snapshot.purchase.organisation_name)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


class _Grid:
    """Writes one sheet: header rows, a column pair per item, then total and rank."""

    CRITERION_ROW, SUB_ROW, KIND_ROW, WEIGHT_ROW = 5, 6, 7, 8

    def __init__(
        self,
        sheet: Worksheet,
        language: str,
        bidders: int,
        lot: int | None = None,
        price_formula: str = PriceFormula.PROPORTIONAL,
    ) -> None:
        self.sheet = sheet
        self.lot = lot
        self.price_formula = price_formula
        self.language = language
        self.first = self.WEIGHT_ROW + 1
        self.last = self.WEIGHT_ROW + bidders
        self.column = 2
        self.groups: dict[int, list[int]] = {}
        self.has_price = False
        self.marks = DataValidation(
            type="decimal",
            operator="between",
            formula1="0",
            formula2=str(MARK_MAX),
            allow_blank=True,
        )
        self.amounts = DataValidation(
            type="decimal", operator="greaterThan", formula1="0", allow_blank=True
        )
        sheet.add_data_validation(self.marks)
        sheet.add_data_validation(self.amounts)
        sheet.title = self.say("sheet") if lot is None else self.say("sheet.lot", n=lot)

    def say(self, key: str, **values: object) -> str:
        return _say(key, self.language, **values)

    def title(self, snapshot: TenderSnapshot) -> None:
        sheet, purchase = self.sheet, snapshot.purchase
        if self.lot is None:
            title = self.say("title", title=purchase.title)
        else:
            lot = one_line(purchase.lot(self.lot).title)
            title = self.say("title.lot", title=purchase.title, n=self.lot, lot=lot)
        _write_text(sheet["A1"], title).font = Font(bold=True, size=14)
        _write_text(
            sheet["A2"],
            self.say(
                "reference",
                organisation=purchase.organisation_name,
                reference=purchase.reference or "—",
            ),
        )
        _write_text(sheet["A3"], self.say("how")).font = Font(italic=True)
        for row in (self.CRITERION_ROW, self.SUB_ROW, self.KIND_ROW, self.WEIGHT_ROW):
            _header(sheet.cell(row=row, column=1), "")
        _header(sheet.cell(row=self.CRITERION_ROW, column=1), self.say("bidder"))
        _header(sheet.cell(row=self.WEIGHT_ROW, column=1), self.say("weight"))
        for row in range(self.first, self.last + 1):
            name = _write_text(
                sheet.cell(row=row, column=1), self.say("bidder.n", n=row - self.first + 1)
            )
            name.fill = INPUT_FILL
            name.border = BOX

    def item(self, item: Item) -> None:
        """The input column (amount or mark) and the points column of one item."""
        sheet, column = self.sheet, self.column
        self.has_price = self.has_price or item.is_price
        entry_letter = get_column_letter(column)
        points_letter = get_column_letter(column + 1)
        self.groups.setdefault(item.group, []).extend((column, column + 1))
        _header(sheet.cell(row=self.CRITERION_ROW, column=column), item.criterion)
        _header(sheet.cell(row=self.SUB_ROW, column=column), item.label)
        _header(
            sheet.cell(row=self.KIND_ROW, column=column),
            self.say("amount" if item.is_price else "mark"),
        )
        _header(
            sheet.cell(row=self.KIND_ROW, column=column + 1),
            self.say("points", max=_number(item.weight)),
        )
        weight_cell = sheet.cell(row=self.WEIGHT_ROW, column=column + 1, value=float(item.weight))
        weight_cell.number_format = "0.##"
        weight_cell.font = Font(bold=True)
        weight_cell.border = BOX
        sheet.cell(row=self.WEIGHT_ROW, column=column).border = BOX
        weight = f"{points_letter}${self.WEIGHT_ROW}"
        amounts = f"${entry_letter}${self.first}:${entry_letter}${self.last}"
        for row in range(self.first, self.last + 1):
            entry = sheet.cell(row=row, column=column)
            entry.fill = INPUT_FILL
            entry.border = BOX
            entry.number_format = MONEY_FORMATS[self.language] if item.is_price else "0.0"
            points = sheet.cell(row=row, column=column + 1)
            points.border = BOX
            points.number_format = "0.00"
            mine = f"{entry_letter}{row}"
            if not item.is_price:
                points.value = f'=IF(ISNUMBER({mine}),{mine}/{MARK_MAX}*{weight},"")'
            elif self.price_formula == PriceFormula.LINEAR:
                points.value = f'=IF(N({mine})>0,MAX(0,2-{mine}/MIN({amounts}))*{weight},"")'
            else:
                points.value = f'=IF(N({mine})>0,MIN({amounts})/{mine}*{weight},"")'
        (self.amounts if item.is_price else self.marks).add(
            f"{entry_letter}{self.first}:{entry_letter}{self.last}"
        )
        self.column += 2

    @property
    def points_letters(self) -> list[str]:
        return [get_column_letter(column + 1) for column in range(2, self.column, 2)]

    def totals(self) -> None:
        """Total and rank per bidder, and a check row adding up the weights."""
        sheet = self.sheet
        total_column, rank_column = self.column, self.column + 1
        total_letter = get_column_letter(total_column)
        _header(sheet.cell(row=self.CRITERION_ROW, column=total_column), self.say("total"))
        _header(sheet.cell(row=self.CRITERION_ROW, column=rank_column), self.say("rank"))
        for row in (self.SUB_ROW, self.KIND_ROW, self.WEIGHT_ROW):
            _header(sheet.cell(row=row, column=total_column), "")
            _header(sheet.cell(row=row, column=rank_column), "")
        letters = self.points_letters
        totals = f"${total_letter}${self.first}:${total_letter}${self.last}"
        for row in range(self.first, self.last + 1):
            cells = ",".join(f"{letter}{row}" for letter in letters)
            total = sheet.cell(row=row, column=total_column)
            total.value = f'=IF(COUNT({cells})=0,"",SUM({cells}))' if letters else '=""'
            total.number_format = "0.00"
            total.font = Font(bold=True)
            total.border = BOX
            mine = f"{total_letter}{row}"
            rank = sheet.cell(row=row, column=rank_column)
            rank.value = f'=IF(ISNUMBER({mine}),RANK({mine},{totals},0),"")'
            rank.border = BOX
            rank.alignment = Alignment(horizontal="center")
        check_row = self.last + 2
        _write_text(sheet.cell(row=check_row, column=1), self.say("check")).font = Font(italic=True)
        weights = ",".join(f"{letter}{self.WEIGHT_ROW}" for letter in letters)
        sheet.cell(row=check_row, column=2, value=f"=SUM({weights})" if weights else "=0")
        if self.has_price:
            note = _write_text(
                sheet.cell(row=check_row + 1, column=1),
                self.say(f"price.rule.{self.price_formula}"),
            )
            note.font = Font(italic=True)

    def layout(self) -> None:
        sheet = self.sheet
        for columns in self.groups.values():
            if len(columns) > 1:
                sheet.merge_cells(
                    start_row=self.CRITERION_ROW,
                    start_column=min(columns),
                    end_row=self.CRITERION_ROW,
                    end_column=max(columns),
                )
        for column in range(2, self.column, 2):
            sheet.merge_cells(
                start_row=self.SUB_ROW,
                start_column=column,
                end_row=self.SUB_ROW,
                end_column=column + 1,
            )
        sheet.column_dimensions["A"].width = 30
        for index in range(2, self.column + 2):
            sheet.column_dimensions[get_column_letter(index)].width = 15
        sheet.row_dimensions[self.CRITERION_ROW].height = 45
        sheet.row_dimensions[self.SUB_ROW].height = 45
        sheet.freeze_panes = sheet.cell(row=self.first, column=2)
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _header(cell: Cell, text: str) -> None:
    _write_text(cell, text)
    cell.font = Font(bold=True)
    cell.fill = HEADER_FILL
    cell.alignment = CENTRE
    cell.border = BOX


def _number(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
