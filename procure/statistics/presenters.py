"""The statistics as people and programs read them: labelled rows for the page and the
exports (one source, so the CSV, the JSON and the page agree), and bar charts laid out
for inline SVG. Plain Python: no Flask."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Any

from procure.formatting import format_percent
from procure.labels import label_in
from procure.library.families import PurchaseFamily
from procure.statistics.figures import GROUPS, NO_FAMILY, Row, Statistics
from procure.vocabulary import ContractType, OrganisationCategory

VOCABULARIES = {
    "contract_type": ContractType,
    "family": PurchaseFamily,
    "buyer_category": OrganisationCategory,
}
NO_FAMILY_LABEL = {"fr": "Aucune famille reconnue", "en": "No family recognised"}
ALL_LABEL = {"fr": "Tous les marchés", "en": "All tenders"}


def row_label(row: Row, language: str) -> str:
    if row.dimension == "total":
        return ALL_LABEL[language]
    if row.dimension == "family" and row.key == NO_FAMILY:
        return NO_FAMILY_LABEL[language]
    vocabulary = VOCABULARIES.get(row.dimension)
    return label_in(vocabulary, row.key, language) if vocabulary else row.key


def records(statistics: Statistics, language: str) -> list[dict[str, Any]]:
    """One flat record per row, the total first: the exports' lines."""
    found = []
    for row in statistics.rows():
        record: dict[str, Any] = {
            "dimension": row.dimension,
            "key": row.key,
            "label": row_label(row, language),
            "tenders": row.tenders,
            "estimated_value": str(row.value),
        }
        for group in GROUPS:
            record[f"{group}_tenders"] = row.counts[group]
            record[f"{group}_share_percent"] = str(row.share(group))
            record[f"{group}_value"] = str(row.values[group])
            record[f"{group}_value_share_percent"] = str(row.value_share(group))
        found.append(record)
    return found


def to_csv(statistics: Statistics, language: str) -> str:
    rows = records(statistics, language)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def to_json(statistics: Statistics, language: str, organisation: str) -> str:
    """Amounts and percents as decimal strings, exactly as in the CSV."""
    return json.dumps(
        {"organisation": organisation, "rows": records(statistics, language)},
        ensure_ascii=False,
        indent=1,
    )


# -- charts ---------------------------------------------------------------------------------

LABEL_WIDTH = 260
PLOT_WIDTH = 360
TEXT_WIDTH = 70
BAR_HEIGHT = 12
BAR_GAP = 2
ROW_GAP = 14
TOP = 24


@dataclass(frozen=True)
class Bar:
    group: str
    x: int
    y: int
    width: float
    height: int
    text: str  # the share written at the bar's end


@dataclass(frozen=True)
class ChartRow:
    label: str
    y: int  # the label's baseline
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    plot_left: int
    plot_width: int
    ticks: tuple[tuple[float, str], ...]  # x and text of 0, 50 and 100 %
    rows: tuple[ChartRow, ...]


def bar_chart(rows: list[Row], language: str, *, by_value: bool) -> BarChart:
    """Horizontal bars, one group per row (social, environmental, both, each alone), their
    length the share of the row's tenders (or of its estimated value)."""
    chart_rows = []
    band = len(GROUPS) * (BAR_HEIGHT + BAR_GAP) + ROW_GAP
    for index, row in enumerate(rows):
        top = TOP + index * band
        bars = []
        for position, group in enumerate(GROUPS):
            share = row.value_share(group) if by_value else row.share(group)
            bars.append(
                Bar(
                    group=group,
                    x=LABEL_WIDTH,
                    y=top + position * (BAR_HEIGHT + BAR_GAP),
                    width=float(share) * PLOT_WIDTH / 100,
                    height=BAR_HEIGHT,
                    text=format_percent(share, language),
                )
            )
        chart_rows.append(
            ChartRow(
                label=row_label(row, language), y=top + BAR_HEIGHT * 3 // 2 + 6, bars=tuple(bars)
            )
        )
    ticks = tuple(
        (LABEL_WIDTH + PLOT_WIDTH * share / 100, format_percent(share, language))
        for share in (0, 50, 100)
    )
    return BarChart(
        width=LABEL_WIDTH + PLOT_WIDTH + TEXT_WIDTH,
        height=TOP + len(rows) * band,
        plot_left=LABEL_WIDTH,
        plot_width=PLOT_WIDTH,
        ticks=ticks,
        rows=tuple(chart_rows),
    )
