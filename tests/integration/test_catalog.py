"""Browsing, searching, reading and editing the clause library through the web."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from procure.library.loader import load_library
from procure.library.search import LibraryQuery, search_library
from procure.models import AuditEvent, Clause, ClauseVersion, User
from procure.vocabulary import ClauseStatus, Role

CLAUSES = Path(__file__).parents[2] / "clauses"


@pytest.fixture
def library(session):
    load_library(session, CLAUSES)
    session.commit()
    return session


def slugs(page) -> list[str]:
    return [version.clause.slug for version in page.items]


def test_filters_combine_and_count(library):
    query = LibraryQuery(
        themes=frozenset({"sustainable_food"}),
        kinds=frozenset({"execution_condition"}),
        page_size=100,
    )
    page = search_library(library, query)
    assert page.total > 0
    for version in page.items:
        assert "sustainable_food" in version.content["themes"]
        assert version.kind == "execution_condition"
    # the kind facet counts clauses of the chosen theme, whatever kind is chosen
    all_food = search_library(
        library, LibraryQuery(themes=frozenset({"sustainable_food"}), page_size=100)
    )
    assert page.facets["kind"]["award_criterion"] == sum(
        v.kind == "award_criterion" for v in all_food.items
    )
    assert page.facets["kind"]["execution_condition"] == page.total


def test_cpv_filter_keeps_clauses_for_that_code_and_general_ones(library):
    page = search_library(library, LibraryQuery(cpv="55524000-9", page_size=200))
    found = slugs(page)
    assert "egalim-quality-share" in found
    assert "environmental-execution-condition" in found
    assert not any(v.content.get("cpv_prefixes") == ["45"] for v in page.items)


def test_search_is_accent_insensitive(library):
    with_accent = slugs(search_library(library, LibraryQuery(text="équitable", page_size=200)))
    without = slugs(search_library(library, LibraryQuery(text="EQUITABLE", page_size=200)))
    assert with_accent
    assert with_accent == without


def test_search_ranks_a_title_match_first(library):
    page = search_library(library, LibraryQuery(text="végétarien", page_size=200))
    assert page.items[0].clause.slug == "vegetarian-menu"
    assert page.total > 1


def test_search_in_english_uses_english_texts(library):
    page = search_library(library, LibraryQuery(language="en", text="vegetarian menu"))
    assert page.items[0].clause.slug == "vegetarian-menu"
    assert search_library(library, LibraryQuery(language="en", text="végétarien")).total == 0


def test_library_page_lists_filters_and_results(client, auth, library):
    auth.login_as(Role.BUYER)
    page = client.get("/library/?theme=sustainable_food&kind=award_criterion")
    assert page.status_code == 200
    assert "Critère d’attribution" in page.text
    assert 'name="theme" value="sustainable_food" checked' in page.text
    assert "food-direct-supply-award" in page.text


def test_buyers_do_not_see_drafts_but_legal_staff_do(client, auth, library):
    clause = library.scalar(select(Clause).where(Clause.slug == "vegetarian-menu"))
    clause.versions[0].status = ClauseStatus.DRAFT
    library.commit()
    auth.login_as(Role.BUYER)
    assert client.get("/library/vegetarian-menu").status_code == 404
    assert "vegetarian-menu" not in client.get("/library/?q=vegetarien").text
    auth.logout()
    auth.login_as(Role.LEGAL)
    page = client.get("/library/vegetarian-menu")
    assert page.status_code == 200
    assert "Cette version n’est pas approuvée" in page.text


def test_clause_page_links_each_legal_basis_to_the_text_it_cites(client, auth, library):
    auth.login_as(Role.BUYER)
    page = client.get("/library/reserved-insertion")
    assert page.status_code == 200
    legifrance = (
        "https://www.legifrance.gouv.fr/search/code"
        "?tab_selection=code&amp;searchField=NUM_ARTICLE&amp;query=L2113-13"
    )
    assert (
        f'<a href="{legifrance}" rel="noopener" class="legal-link">'
        "article L. 2113-13 du code de la commande publique "
        "<small>(recherche sur Légifrance)</small></a>"
    ) in page.text
    eur_lex = "https://eur-lex.europa.eu/legal-content/FR/TXT/?uri=CELEX:32014L0024"
    assert (
        f'<a href="{eur_lex}" rel="noopener" class="legal-link">'
        "article 20 de la directive 2014/24/UE <small>(sur EUR-Lex)</small></a>"
    ) in page.text


def test_clause_page_shows_text_variables_legal_basis_and_versions(client, auth, library):
    auth.login_as(Role.BUYER)
    page = client.get("/library/insertion-hours")
    assert page.status_code == 200
    assert '<mark class="variable" title="insertion_hours">833</mark>' in page.text
    assert "article L. 2112-2-1 du code de la commande publique" in page.text
    assert "BT-775: opp" in page.text
    assert "v1" in page.text
    assert "{{" not in page.text.split("<main")[1]


def test_buyer_cannot_open_the_clause_editor(client, auth, library):
    auth.login_as(Role.BUYER)
    assert client.get("/library/new").status_code == 403
    assert client.post("/library/insertion-hours/edit").status_code == 403


def edit_form(client, slug: str) -> dict:
    """The edit form's current values, as the browser would post them back."""
    return form_values(client.get(f"/library/{slug}/edit").text)


def form_values(page: str) -> dict:
    """The values of the form in ``page``, as the browser would post them back."""
    import re
    from html import unescape

    data: dict = {}
    for match in re.finditer(r"<input([^>]*)>", page):
        attributes = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', match.group(1)))
        name = attributes.get("name")
        if not name:
            continue
        if attributes.get("type") == "checkbox":
            if "checked" in match.group(1):
                data.setdefault(name, []).append(unescape(attributes["value"]))
        else:
            data[name] = unescape(attributes.get("value", ""))
    for name, value in re.findall(
        r'<textarea[^>]*name="([^"]+)"[^>]*>\n?(.*?)</textarea>', page, re.S
    ):
        data[name] = unescape(value)
    for name, value in re.findall(
        r'<select[^>]*name="([^"]+)"[^>]*>.*?<option selected value="([^"]*)"', page, re.S
    ):
        data[name] = value
    return {key: value for key, value in data.items() if value != []}


def versions_of(session, slug: str, organisation_id: int | None) -> list[ClauseVersion]:
    clause = session.scalar(
        select(Clause).where(
            Clause.slug == slug,
            Clause.organisation_id.is_(None)
            if organisation_id is None
            else Clause.organisation_id == organisation_id,
        )
    )
    session.expire_all()
    return list(
        session.scalars(
            select(ClauseVersion)
            .where(ClauseVersion.clause_id == clause.id)
            .order_by(ClauseVersion.number)
        )
    )


def test_editing_a_reference_clause_makes_a_draft_variant_for_the_organisation(
    client, auth, library
):
    legal = library.get(User, auth.login_as(Role.LEGAL))
    page = client.get("/library/insertion-hours").text
    assert "Bibliothèque de référence" in page
    assert "Adapter pour mon organisation" in page
    data = edit_form(client, "insertion-hours")
    data["title_fr"] = "Clause d'insertion : heures réservées"
    response = client.post("/library/insertion-hours/edit", data=data)
    assert response.status_code == 302, response.text

    reference = versions_of(library, "insertion-hours", None)
    assert [(v.number, v.status) for v in reference] == [(1, "approved")]  # unchanged
    assert reference[0].title_fr == "Clause d'insertion sociale en heures de travail"
    [variant] = versions_of(library, "insertion-hours", legal.organisation_id)
    assert (variant.number, variant.status, variant.author_id) == (1, "draft", legal.id)
    assert variant.title_fr == "Clause d'insertion : heures réservées"
    assert variant.derived_from_id == reference[0].id
    event = library.scalar(select(AuditEvent).where(AuditEvent.action == "clause.draft_saved"))
    assert event.subject_id == "insertion-hours@1"
    assert event.organisation_id == legal.organisation_id
    assert event.after["adapted_from_reference"] == 1

    page = client.get("/library/insertion-hours").text  # the organisation's variant now
    assert "variante de votre organisation, adaptée de la version 1" in page.lower()
    data = edit_form(client, "insertion-hours")
    data["title_fr"] = "Clause d'insertion : heures réservées aux publics éligibles"
    assert client.post("/library/insertion-hours/edit", data=data).status_code == 302
    variant_versions = versions_of(library, "insertion-hours", legal.organisation_id)
    assert [(v.number, v.derived_from_id) for v in variant_versions] == [
        (1, reference[0].id),
        (2, reference[0].id),
    ]


def test_administrators_do_not_edit_the_library(client, auth, library):
    auth.login_as(Role.ADMIN)
    assert client.get("/library/insertion-hours/edit").status_code == 403
    assert client.get("/library/new").status_code == 403
    assert "Adapter pour mon organisation" not in client.get("/library/insertion-hours").text


def test_editing_a_clause_keeps_and_changes_its_purchase_families(client, auth, library):
    legal = library.get(User, auth.login_as(Role.LEGAL))
    slug = "insertion-hours-cleaning-green-spaces"
    page = client.get(f"/library/{slug}")
    assert "Propreté et hygiène, Espaces verts" in page.text
    data = edit_form(client, slug)
    assert data["families"] == ["cleaning", "green_spaces"]
    data["families"] = ["cleaning"]
    assert client.post(f"/library/{slug}/edit", data=data).status_code == 302
    [variant] = versions_of(library, slug, legal.organisation_id)
    assert variant.content["families"] == ["cleaning"]


def test_edit_with_an_undeclared_variable_names_the_field(client, auth, library):
    auth.login_as(Role.LEGAL)
    data = edit_form(client, "insertion-hours")
    data["text_fr"] += "\nDans un délai de {{ delai }} jours."
    page = client.post("/library/insertion-hours/edit", data=data)
    assert page.status_code == 200
    assert "utilise {{ delai }}, qui n’est pas une variable de la clause" in page.text
    assert "Dans un délai de {{ delai }} jours." in page.text  # nothing typed is lost


def test_concurrent_edits_get_a_conflict_and_keep_the_text(client, auth, library):
    auth.login_as(Role.LEGAL)
    stale = edit_form(client, "insertion-hours")
    first = dict(stale, title_fr="Première modification")
    assert client.post("/library/insertion-hours/edit", data=first).status_code == 302
    second = dict(stale, title_fr="Seconde modification")
    page = client.post("/library/insertion-hours/edit", data=second)
    assert page.status_code == 200
    assert "a enregistré une version plus récente" in page.text
    assert "Seconde modification" in page.text


def test_legal_staff_create_a_new_clause(client, auth, library):
    auth.login_as(Role.LEGAL)
    data = edit_form(client, "insertion-hours")
    data.update(
        slug="insertion-hours-copy", folder="social", title_fr="Copie", title_en="Copy", related=""
    )
    response = client.post("/library/new", data=data)
    assert response.status_code == 302, response.text
    assert response.headers["Location"].endswith("/library/insertion-hours-copy?version=1")


def test_clause_page_names_the_reporting_frequency_and_writes_amounts_as_money(
    client, auth, library
):
    auth.login_as(Role.BUYER)
    page = client.get("/library/agec-reuse-share-reporting")
    assert page.status_code == 200
    assert ", annuelle</dd>" in page.text
    assert ", yearly</dd>" not in page.text

    page = client.get("/library/ghg-reduction-plan-criterion")
    assert "216\u202f000\u202f€ HT</dd>" in page.text


def test_yaml_with_anchors_typed_in_the_kpi_field_is_refused_naming_the_field(
    client, auth, library
):
    auth.login_as(Role.LEGAL)
    data = edit_form(client, "insertion-hours")
    data["kpi"] = (
        "metric:\n  fr: &m Heures d'insertion réalisées\n  en: *m\n"
        "unit: heures\nfrequency: yearly\n"
    )
    page = client.post("/library/insertion-hours/edit", data=data)
    assert page.status_code != 302
    assert "kpi: is not accepted: uses an anchor (&amp;m) at line 2" in page.text
    clause = library.scalar(select(Clause).where(Clause.slug == "insertion-hours"))
    count = select(func.count()).select_from(ClauseVersion)
    assert library.scalar(count.where(ClauseVersion.clause_id == clause.id)) == 1


# Multi-line texts, variables, a penalty and legal bases the form lists in another order.
LOADED_CLAUSES = (
    "worksite-waste-management-plan",
    "clean-vehicles-transport-services",
    "life-cycle-cost-criterion",
)


@pytest.mark.parametrize("slug", LOADED_CLAUSES)
def test_saving_a_loaded_clause_unchanged_says_nothing_was_changed(client, auth, library, slug):
    legal = library.get(User, auth.login_as(Role.LEGAL))
    data = edit_form(client, slug)
    assert "\n" in data["text_fr"].strip()
    assert data["variables-0-name"]  # the variables' rows post back as they are stored
    assert len(data["legal_basis"]) >= 2
    page = client.post(f"/library/{slug}/edit", data=data)
    assert page.status_code == 200
    assert "nothing was changed" in page.text
    organisation_clauses = select(func.count()).where(
        Clause.slug == slug, Clause.organisation_id == legal.organisation_id
    )
    assert library.scalar(organisation_clauses) == 0


@pytest.mark.parametrize("slug", LOADED_CLAUSES)
def test_changing_only_the_french_of_a_loaded_clause_outdates_the_english(
    client, auth, library, slug
):
    legal = library.get(User, auth.login_as(Role.LEGAL))
    data = edit_form(client, slug)
    data["text_fr"] += "\nLe titulaire en informe l'acheteur."
    assert client.post(f"/library/{slug}/edit", data=data).status_code == 302
    [variant] = versions_of(library, slug, legal.organisation_id)
    assert not variant.is_translation_current

    data = edit_form(client, slug)  # the translator catches up
    data["text_en"] += "\nThe contractor informs the buyer."
    assert client.post(f"/library/{slug}/edit", data=data).status_code == 302
    assert versions_of(library, slug, legal.organisation_id)[-1].is_translation_current


@pytest.mark.parametrize("slug", LOADED_CLAUSES)
def test_changing_french_and_english_together_keeps_the_english_current(
    client, auth, library, slug
):
    legal = library.get(User, auth.login_as(Role.LEGAL))
    data = edit_form(client, slug)
    data["text_fr"] += "\nLe titulaire en informe l'acheteur."
    data["text_en"] += "\nThe contractor informs the buyer."
    assert client.post(f"/library/{slug}/edit", data=data).status_code == 302
    [variant] = versions_of(library, slug, legal.organisation_id)
    assert variant.is_translation_current
    assert variant.content["text"]["en"].endswith("The contractor informs the buyer.")


def test_a_shared_field_change_does_not_make_an_outdated_translation_current(client, auth, library):
    legal = library.get(User, auth.login_as(Role.LEGAL))
    slug = LOADED_CLAUSES[0]
    data = edit_form(client, slug)
    data["text_fr"] += "\nLe titulaire en informe l'acheteur."
    assert client.post(f"/library/{slug}/edit", data=data).status_code == 302
    data = edit_form(client, slug)
    data["legal_basis"] = data["legal_basis"][:-1]
    assert client.post(f"/library/{slug}/edit", data=data).status_code == 302
    versions = versions_of(library, slug, legal.organisation_id)
    assert [v.is_translation_current for v in versions] == [False, False]


def test_a_clause_stored_before_normalisation_saved_unchanged_says_nothing_was_changed(
    client, auth, session
):
    from tests.integration.test_library_loader import store_as_before_normalisation

    slug = LOADED_CLAUSES[0]
    store_as_before_normalisation(session, next(CLAUSES.rglob(f"{slug}.yaml")))
    assert slug in load_library(session, CLAUSES).unchanged
    session.commit()
    legal = session.get(User, auth.login_as(Role.LEGAL))
    page = client.post(f"/library/{slug}/edit", data=edit_form(client, slug))
    assert "nothing was changed" in page.text
    data = edit_form(client, slug)
    data["guidance_fr"] += " Précision."
    assert client.post(f"/library/{slug}/edit", data=data).status_code == 302
    [variant] = versions_of(session, slug, legal.organisation_id)
    assert not variant.is_translation_current


def test_clause_page_reads_with_typography_and_the_editor_keeps_the_text_as_typed(
    client, auth, library
):
    auth.login_as(Role.LEGAL)
    page = client.get("/library/insertion-hours").text
    assert "<h1>Clause d’insertion sociale en heures de travail</h1>" in page
    assert "Le nombre d’heures se calcule ainsi\u202f: montant estimé" in page  # guidance
    assert 'title="insertion_rate">5</mark>\u202f% des heures' in page  # clause text
    assert "un ou plusieurs des moyens suivants\u202f:</p>" in page
    assert "&#39;" not in page.split("<main")[1]  # no straight apostrophe shown
    form = edit_form(client, "insertion-hours")
    assert form["title_fr"] == "Clause d'insertion sociale en heures de travail"
    assert "Le titulaire réserve à des personnes éloignées de l'emploi au moins" in form["text_fr"]

    client.post("/language", data={"language": "en"})
    page = client.get("/library/insertion-hours").text
    assert 'title="insertion_rate">5</mark>% of the hours' in page
    assert "an employers’ group for integration" in page
    assert "following means:</p>" in page


def test_legal_staff_record_the_gpp_criteria_a_clause_follows_for_bt805(client, auth, library):
    legal = library.get(User, auth.login_as(Role.LEGAL))
    slug = "ecolabel-or-equivalent"
    data = edit_form(client, slug)
    assert "eforms_gpp" not in data
    data["eforms_gpp"] = ["national"]
    assert client.post(f"/library/{slug}/edit", data=data).status_code == 302
    [variant] = versions_of(library, slug, legal.organisation_id)
    assert variant.content["eforms"]["gpp"] == ["national"]
    assert "BT-805: national" in client.get(f"/library/{slug}").text
