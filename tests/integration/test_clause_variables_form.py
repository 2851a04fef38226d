"""Legal staff edit a clause's variables with a form, one fieldset a variable."""

from __future__ import annotations

from html import unescape

from sqlalchemy import func, select

from procure.models import ClauseVersion, User
from procure.vocabulary import Role
from tests.integration.test_catalog import edit_form, form_values, library, versions_of

__all__ = ["library"]  # the fixture, used by name

EDIT = "/library/insertion-hours/edit"
# insertion-hours declares, in this order: insertion_hours, insertion_rate, facilitator,
# penalty_per_hour.


def row(data: dict, name: str) -> str:
    """The form prefix of the row declaring ``name``: ``variables-1``."""
    return next(k for k, v in data.items() if k.endswith("-name") and v == name)[:-5]


def test_legal_staff_change_bounds_add_and_remove_variables(client, auth, library):
    legal = library.get(User, auth.login_as(Role.LEGAL))
    data = edit_form(client, "insertion-hours")
    rate = row(data, "insertion_rate")
    data[f"{rate}-maximum"], data[f"{rate}-default"] = "25", "7,5"

    page = client.post(EDIT, data={**data, "add_variable": "y"}).text  # no JavaScript
    assert "Variable 5" in page
    data = form_values(page)
    assert data[f"{rate}-maximum"] == "25"  # what was typed is kept
    assert data["variables-4-name"] == ""
    data.update(
        {
            "variables-4-name": "delai",
            "variables-4-type": "integer",
            "variables-4-label_fr": "Délai de démarrage",
            "variables-4-label_en": "Start-up time",
            "variables-4-help_fr": "En jours calendaires.",
            "variables-4-help_en": "In calendar days.",
            "variables-4-unit": "jours",
            "variables-4-minimum": "1",
            "variables-4-maximum": "90",
            "variables-4-default": "30",
        }
    )
    data["text_fr"] += "\n\nLe titulaire démarre dans les {{ delai }} jours."
    data["text_en"] += "\n\nThe contractor starts within {{ delai }} days."
    data["text_fr"] = data["text_fr"].replace("{{ facilitator }}", "le facilitateur")
    data["text_en"] = data["text_en"].replace("{{ facilitator }}", "the facilitator")

    facilitator = row(data, "facilitator")
    page = client.post(EDIT, data={**data, "remove_variable": facilitator.split("-")[1]}).text
    assert f'name="{facilitator}-name"' not in page
    data = form_values(page)
    assert "Le titulaire démarre dans les {{ delai }} jours." in data["text_fr"]

    response = client.post(EDIT, data=data)
    assert response.status_code == 302, unescape(response.text)
    [variant] = versions_of(library, "insertion-hours", legal.organisation_id)
    variables = variant.content["variables"]
    assert [v["name"] for v in variables] == [
        "insertion_hours",
        "insertion_rate",
        "penalty_per_hour",
        "delai",
    ]
    assert (variables[1]["max"], variables[1]["default"]) == (25, 7.5)
    assert variables[3] == {
        "name": "delai",
        "type": "integer",
        "label": {"fr": "Délai de démarrage", "en": "Start-up time"},
        "help": {"fr": "En jours calendaires.", "en": "In calendar days."},
        "unit": "jours",
        "min": 1,
        "max": 90,
        "default": 30,
    }
    # the stored definition opens again as rows, and saving it unchanged changes nothing
    again = edit_form(client, "insertion-hours")
    assert again[f"{rate}-default"] == "7,5"
    assert "nothing was changed" in client.post(EDIT, data=again).text

    # the review page shows the variables by their labels, never as {{ name }}
    review = client.get(f"/review/clauses/insertion-hours/versions/{variant.number}").text
    texts = review.split("<h3>", 2)[1]
    assert "[Taux d&#39;insertion]</span>" in texts
    assert "[Délai de démarrage]</span>" in texts
    assert "{{" not in texts


def test_variable_errors_name_the_row_and_the_field_and_keep_the_input(client, auth, library):
    auth.login_as(Role.LEGAL)
    data = edit_form(client, "insertion-hours")
    data["variables-0-label_fr"] = ""
    data["variables-1-minimum"] = "30"  # its maximum is 20
    data["variables-2-name"] = "Facilitateur"
    data["variables-3-name"] = "insertion_hours"
    data["variables-3-maximum"], data["variables-3-default"] = "100", "500"
    stored = library.scalar(select(func.count()).select_from(ClauseVersion))
    page = client.post(EDIT, data=data)
    assert page.status_code == 200
    text = unescape(page.text).replace("\u202f", " ").replace("\xa0", " ")
    for line in (
        "Variable 1 — Libellé (français) : obligatoire",
        "Variable 2 — Minimum : est supérieur au maximum",
        "Variable 3 — Nom : n’est pas un nom de variable",
        "Variable 4 — Nom : « insertion_hours » est déjà le nom de la variable 1",
        "Variable 4 — Valeur par défaut : est supérieure au maximum",
        "utilise {{ penalty_per_hour }}, qui n’est pas une variable de la clause",
    ):
        assert line in text
    assert form_values(page.text)["variables-2-name"] == "Facilitateur"
    assert form_values(page.text)["variables-3-default"] == "500"
    assert library.scalar(select(func.count()).select_from(ClauseVersion)) == stored


def test_a_variable_the_text_does_not_use_is_refused_on_its_row(client, auth, library):
    auth.login_as(Role.LEGAL)
    data = edit_form(client, "insertion-hours")
    data["penalty_fr"] = data["penalty_fr"].replace("{{ penalty_per_hour }}", "30")
    data["penalty_en"] = data["penalty_en"].replace("{{ penalty_per_hour }}", "30")
    page = unescape(client.post(EDIT, data=data).text).replace("\u202f", " ")
    assert (
        "Variable 4 — Nom : cette variable n’est utilisée ni dans le texte de la clause "
        "ni dans la pénalité : écrivez-y {{ penalty_per_hour }} ou supprimez-la"
    ) in page
