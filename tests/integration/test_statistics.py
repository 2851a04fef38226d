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
from procure.statistics.figures import tender_facts
from procure.vocabulary import Role
from procure.wizard.services import create_tender
from tests.factories import DEFAULT_PASSWORD, make_organisation, make_tender, make_user
from tests.integration.test_review_workflow import make_clause

# (dimension, key): tenders, value, then for social, environmental and both:
# tenders, share of tenders (%), share of value (%)
EXPECTED = {
    ("total", "all"): (4, "2000000", 2, "50.0", "65.0", 2, "50.0", "60.0", 1, "25.0", "50.0"),
    ("year", "2026"): (2, "1200000", 1, "50.0", "83.3", 2, "100.0", "100.0", 1, "50.0", "83.3"),
    ("year", "2027"): (2, "800000", 1, "50.0", "37.5", 0, "0", "0", 0, "0", "0"),
    ("contract_type", "services"): (
        *(2, "1300000", 2, "100.0", "100.0"),
        *(1, "50.0", "76.9", 1, "50.0", "76.9"),
    ),
    ("contract_type", "supplies"): (
        1,
        "200000",
        0,
        "0.0",
        "0.0",
        1,
        "100.0",
        "100.0",
        0,
        "0.0",
        "0.0",
    ),
    ("contract_type", "works"): (1, "500000", 0, "0.0", "0.0", 0, "0.0", "0.0", 0, "0.0", "0.0"),
    ("family", "building_new"): (1, "500000", 0, "0.0", "0.0", 0, "0.0", "0.0", 0, "0.0", "0.0"),
    ("family", "building_renovation"): (
        *(1, "500000", 0, "0.0", "0.0"),
        *(0, "0.0", "0.0", 0, "0.0", "0.0"),
    ),
    ("family", "cleaning"): (1, "300000", 1, "100.0", "100.0", 0, "0.0", "0.0", 0, "0.0", "0.0"),
    ("family", "collective_catering"): (
        *(1, "1000000", 1, "100.0", "100.0"),
        *(1, "100.0", "100.0", 1, "100.0", "100.0"),
    ),
    ("family", "none"): (1, "200000", 0, "0.0", "0.0", 1, "100.0", "100.0", 0, "0.0", "0.0"),
    ("family", "school_catering"): (
        *(1, "1000000", 1, "100.0", "100.0"),
        *(1, "100.0", "100.0", 1, "100.0", "100.0"),
    ),
    ("buyer_category", "central"): (
        *(1, "300000", 1, "100.0", "100.0"),
        *(0, "0.0", "0.0", 0, "0.0", "0.0"),
    ),
    ("buyer_category", "sub_central"): (
        *(3, "1700000", 1, "33.3", "58.8"),
        *(2, "66.7", "70.6", 1, "33.3", "58.8"),
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
            value
            for group in ("social", "environmental", "both")
            for value in (
                int(record[f"{group}_tenders"]),
                Decimal(record[f"{group}_share_percent"]),
                Decimal(record[f"{group}_value_share_percent"]),
            )
        ),
    )


def expected_figures(values: tuple) -> tuple:
    return tuple(Decimal(value) if isinstance(value, str) else value for value in values)


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
    assert page.count('role="img"') == 8
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
