"""The administrator's statistics: shares of tenders with social and environmental
clauses, on a seeded set of tenders whose figures are written here, in the page, the
CSV and the JSON alike, and never another organisation's."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from sqlalchemy import event
from sqlalchemy.orm import Session

from procure.models import TenderClause
from procure.statistics.figures import GROUPS, tender_facts
from procure.vocabulary import Role
from procure.wizard.services import create_tender
from tests.factories import DEFAULT_PASSWORD, make_organisation, make_tender, make_user
from tests.integration.test_review_workflow import make_clause

# (dimension, key): tenders, value, then for each group (at least one social clause, at
# least one environmental clause, both, social only, environmental only): tenders, share
# of tenders (%), share of value (%). T1 2026 services catering 1 M€ social and
# environmental; T2 2026 supplies 200 k€ environmental; T3 2027 services cleaning
# 300 k€ social, central buyer; T4 2027 works 500 k€ none.
NIL = (0, "0.0", "0.0")
EXPECTED = {
    ("total", "all"): (
        *(4, "2000000"),
        *((2, "50.0", "65.0"), (2, "50.0", "60.0"), (1, "25.0", "50.0")),
        *((1, "25.0", "15.0"), (1, "25.0", "10.0")),
    ),
    ("year", "2026"): (
        *(2, "1200000"),
        *((1, "50.0", "83.3"), (2, "100.0", "100.0"), (1, "50.0", "83.3")),
        *(NIL, (1, "50.0", "16.7")),
    ),
    ("year", "2027"): (2, "800000", (1, "50.0", "37.5"), NIL, NIL, (1, "50.0", "37.5"), NIL),
    ("contract_type", "services"): (
        *(2, "1300000"),
        *((2, "100.0", "100.0"), (1, "50.0", "76.9"), (1, "50.0", "76.9")),
        *((1, "50.0", "23.1"), NIL),
    ),
    ("contract_type", "supplies"): (
        *(1, "200000", NIL, (1, "100.0", "100.0"), NIL, NIL, (1, "100.0", "100.0")),
    ),
    ("contract_type", "works"): (1, "500000", NIL, NIL, NIL, NIL, NIL),
    ("family", "building_new"): (1, "500000", NIL, NIL, NIL, NIL, NIL),
    ("family", "building_renovation"): (1, "500000", NIL, NIL, NIL, NIL, NIL),
    ("family", "cleaning"): (
        1,
        "300000",
        (1, "100.0", "100.0"),
        NIL,
        NIL,
        (1, "100.0", "100.0"),
        NIL,
    ),
    ("family", "collective_catering"): (
        *(1, "1000000", (1, "100.0", "100.0"), (1, "100.0", "100.0"), (1, "100.0", "100.0")),
        *(NIL, NIL),
    ),
    ("family", "none"): (1, "200000", NIL, (1, "100.0", "100.0"), NIL, NIL, (1, "100.0", "100.0")),
    ("family", "school_catering"): (
        *(1, "1000000", (1, "100.0", "100.0"), (1, "100.0", "100.0"), (1, "100.0", "100.0")),
        *(NIL, NIL),
    ),
    ("buyer_category", "central"): (
        *(1, "300000", (1, "100.0", "100.0"), NIL, NIL, (1, "100.0", "100.0"), NIL),
    ),
    ("buyer_category", "sub_central"): (
        *(3, "1700000"),
        *((1, "33.3", "58.8"), (2, "66.7", "70.6"), (1, "33.3", "58.8")),
        *(NIL, (1, "33.3", "11.8")),
    ),
}


def seed(session: Session):
    """Four tenders of town A with step 1 saved (and one without), and a big one of B."""
    social = make_clause(session, "insertion-hours", folder="social", reference=True)
    green = make_clause(session, "ecolabel-or-equivalent", folder="environmental", reference=True)
    town_a, town_b = make_organisation(session, "Ville A"), make_organisation(session, "Ville B")
    buyer_a = make_user(session, organisation=town_a)
    buyer_b = make_user(session, organisation=town_b)
    plain = {"catering": False, "cpv_additional": ""}
    seeded = [
        (buyer_a, (social, green), {"launch_date": "2026-03-01", "estimated_value": "1000000"}),
        (
            buyer_a,
            (green,),
            {
                **plain,
                "launch_date": "2026-06-01",
                "contract_type": "supplies",
                "cpv_main": "30192000-1",
                "estimated_value": "200000",
            },
        ),
        (
            buyer_a,
            (social,),
            {
                **plain,
                "launch_date": "2027-01-15",
                "cpv_main": "90910000-9",
                "estimated_value": "300000",
                "buyer_category": "central",
            },
        ),
        (
            buyer_a,
            (),
            {
                **plain,
                "launch_date": "2027-02-01",
                "contract_type": "works",
                "cpv_main": "45000000-7",
                "estimated_value": "500000",
            },
        ),
        (buyer_b, (social, green), {"launch_date": "2026-03-01", "estimated_value": "9000000"}),
    ]
    for owner, versions, answers in seeded:
        tender = make_tender(session, owner=owner, **answers)
        for position, version in enumerate(versions):
            tender.clauses.append(
                TenderClause(
                    clause_id=version.clause_id,
                    clause_version_id=version.id,
                    grouping="added",
                    position=position,
                )
            )
    create_tender(session, buyer_a)  # no step 1 saved: not counted
    admin = make_user(session, role=Role.ADMIN, organisation=town_a)
    session.commit()
    return town_a, admin


def figures(record: dict) -> tuple:
    return (
        int(record["tenders"]),
        Decimal(record["estimated_value"]),
        *(
            (
                int(record[f"{group}_tenders"]),
                Decimal(record[f"{group}_share_percent"]),
                Decimal(record[f"{group}_value_share_percent"]),
            )
            for group in GROUPS
        ),
    )


def expected_figures(values: tuple) -> tuple:
    tenders, value, *groups = values
    return (
        tenders,
        Decimal(value),
        *((count, Decimal(share), Decimal(value_share)) for count, share, value_share in groups),
    )


def test_statistics_page_csv_and_json_give_the_seeded_figures_of_one_organisation(client, session):
    _, admin = seed(session)
    client.post("/sign-in", data={"email": admin.email, "password": DEFAULT_PASSWORD})

    exported = client.get("/admin/statistics/export.json").get_json()
    rows = {(row["dimension"], row["key"]): row for row in exported["rows"]}
    assert exported["organisation"] == "Ville A"
    assert {key: figures(row) for key, row in rows.items()} == {
        key: expected_figures(values) for key, values in EXPECTED.items()
    }

    sheet = client.get("/admin/statistics/export.csv")
    assert sheet.mimetype == "text/csv"
    csv_rows = list(csv.DictReader(io.StringIO(sheet.text)))
    assert csv_rows == [{k: str(v) for k, v in row.items()} for row in exported["rows"]]

    page = client.get("/admin/statistics/").text
    assert page.count('role="img"') == 8  # two charts for each of the four breakdowns
    assert '<title id="year-count-title">Par année : part des marchés</title>' in page
    assert "Marchés comptés : 4" in page
    assert "2\u202f000\u202f000\u202f€" in page  # the total value
    assert "<td>65\u202f%</td>" in page  # social, share of the total value
    assert "9\u202f000\u202f000" not in page  # town B's tender
    assert "Autorité publique centrale" in page  # the buyer category answered at step 1


def test_statistics_read_an_organisation_in_a_fixed_number_of_queries(session):
    town_a, _ = seed(session)
    statements: list[str] = []
    engine = session.get_bind()

    def count(*_args) -> None:
        statements.append("query")

    event.listen(engine, "before_cursor_execute", count)
    try:
        with Session(engine) as fresh:
            facts = tender_facts(fresh, town_a.id)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(facts) == 4
    assert len(statements) <= 4


def test_a_buyer_may_not_see_the_statistics(client, session):
    buyer = make_user(session)
    session.commit()
    client.post("/sign-in", data={"email": buyer.email, "password": DEFAULT_PASSWORD})
    assert client.get("/admin/statistics/").status_code == 403
    assert client.get("/admin/statistics/export.json").status_code == 403
