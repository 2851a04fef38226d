"""Administrators set their organisation's category, legal review threshold and the hourly
cost that sizes insertion hours."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from procure.models import AuditEvent, Organisation, User
from procure.vocabulary import Role


@pytest.fixture
def admin(client, auth, session):
    return session.get(User, auth.login_as(Role.ADMIN))


def organisation_of(session, admin: User) -> Organisation:
    session.expire_all()
    return session.get(Organisation, admin.organisation_id)


def test_the_settings_page_shows_the_current_values(client, admin, session):
    organisation = organisation_of(session, admin)
    organisation.review_threshold = Decimal("90000")
    session.commit()
    page = client.get("/admin/organisation").text
    assert "Paramètres de l’organisation" in page
    assert organisation.name in page
    assert 'value="90\u202f000"' in page  # grouped the French way
    assert '<option selected value="sub_central">' in page


def test_saving_the_settings_changes_them_and_records_the_change(client, admin, session):
    response = client.post(
        "/admin/organisation",
        data={"category": "central", "review_threshold": "143000", "review_adapted_wording": "y"},
    )
    assert response.status_code == 302
    assert (
        "Les paramètres de votre organisation ont été enregistrés."
        in client.get("/admin/organisation").text
    )
    organisation = organisation_of(session, admin)
    assert (organisation.category, organisation.review_threshold) == ("central", Decimal("143000"))
    event = session.scalar(
        select(AuditEvent).where(AuditEvent.action == "organisation.settings_changed")
    )
    assert event.before == {
        "category": "sub_central",
        "review_threshold": None,
        "hourly_cost": None,
        "review_adapted_wording": True,
    }
    assert event.after == {
        "category": "central",
        "review_threshold": "143000.00",
        "hourly_cost": None,
        "review_adapted_wording": True,
    }


def test_adapted_wording_is_reviewed_by_default_and_switching_it_off_is_recorded(
    client, admin, session
):
    assert organisation_of(session, admin).review_adapted_wording is True
    page = client.get("/admin/organisation").text
    assert "Les juristes approuvent les rédactions de clauses adaptées" in page
    assert (
        'id="review_adapted_wording" name="review_adapted_wording" type="checkbox" value="y"'
        in page
    )
    client.post("/admin/organisation", data={"category": "sub_central"})  # box left unticked
    assert organisation_of(session, admin).review_adapted_wording is False
    event = session.scalar(
        select(AuditEvent).where(AuditEvent.action == "organisation.settings_changed")
    )
    assert (event.before["review_adapted_wording"], event.after["review_adapted_wording"]) == (
        True,
        False,
    )
    assert event.actor_id == admin.id
    client.post(
        "/admin/organisation", data={"category": "sub_central", "review_adapted_wording": "y"}
    )
    assert organisation_of(session, admin).review_adapted_wording is True


def test_the_hourly_cost_is_saved_and_its_usual_value_stated(client, admin, session):
    page = client.get("/admin/organisation").text
    assert "Coût horaire pour les heures d’insertion" in page
    assert "laissé vide, 28 euros sont retenus" in page
    client.post(
        "/admin/organisation",
        data={
            "category": "sub_central",
            "review_threshold": "",
            "hourly_cost": "32,50",
            "review_adapted_wording": "y",
        },
    )
    assert organisation_of(session, admin).hourly_cost == Decimal("32.50")
    event = session.scalar(
        select(AuditEvent).where(AuditEvent.action == "organisation.settings_changed")
    )
    assert (event.before["hourly_cost"], event.after["hourly_cost"]) == (None, "32.50")


def test_an_empty_threshold_means_no_review_is_required(client, admin, session):
    organisation = organisation_of(session, admin)
    organisation.review_threshold = Decimal("1000")
    session.commit()
    client.post("/admin/organisation", data={"category": "sub_central", "review_threshold": ""})
    assert organisation_of(session, admin).review_threshold is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"category": "sub_central", "review_threshold": "-1"}, "Seuil de revue juridique"),
        ({"category": "sub_central", "review_threshold": "beaucoup"}, "Seuil de revue juridique"),
        ({"category": "sub_central", "review_threshold": "1e400"}, "Seuil de revue juridique"),
        ({"category": "planetary", "review_threshold": "10"}, "Catégorie d’acheteur"),
        ({"category": "sub_central", "hourly_cost": "0"}, "Coût horaire pour les heures"),
        ({"category": "sub_central", "hourly_cost": "vingt"}, "Coût horaire pour les heures"),
    ],
)
def test_invalid_settings_name_the_field_and_change_nothing(client, admin, session, data, message):
    page = client.post("/admin/organisation", data=data)
    assert page.status_code == 200
    assert message in page.text
    assert 'aria-invalid="true"' in page.text
    organisation = organisation_of(session, admin)
    assert (organisation.category, organisation.review_threshold) == ("sub_central", None)
    assert organisation.hourly_cost is None


def test_the_settings_page_shows_the_annex_xiv_list_the_checklist_relies_on(client, admin):
    page = client.get("/admin/organisation").text
    assert "Services sociaux et autres services spécifiques (annexe XIV)" in page
    assert "3 décembre 2026" in page  # the list's date, from thresholds.yaml
    assert "à confirmer" in page  # recalled from memory, not yet checked
    assert "<li>75300000</li>" in page
    assert "<li>80000000 – 80660000</li>" in page
