"""One canonical content: what a clause file and the web form say the same way."""

from __future__ import annotations

from procure.library.canonical import normalised_content
from procure.library.text import content_hash, project, translated_texts


def as_in_a_file() -> dict:
    """A clause as the loader reads it: ``|`` blocks end with a newline, the author's order."""
    return {
        "title": {"fr": "Heures d'insertion", "en": "Integration hours"},
        "kind": "execution_condition",
        "ambition": "standard",
        "pillars": ["social", "environmental"],
        "themes": ["sustainable_housing", "circular_economy"],
        "objectives": [],
        "contract_types": ["services", "works"],
        "families": ["demolition", "building_renovation"],
        "min_value": 90000.0,
        "text": {
            "fr": "Le titulaire réserve {{ hours }} heures.\nIl en rend compte.\n",
            "en": "The contractor reserves {{ hours }} hours.\nIt reports on them.\n",
        },
        "guidance": {"fr": "Une seule ligne.\n", "en": "A single line.\n"},
        "verification": {"fr": "Relevé trimestriel.\n", "en": "Quarterly statement.\n"},
        "penalty": None,
        "legal_basis": [
            {"code": "CTRAV", "article": "L5132-4"},
            {"code": "CCP", "article": "L2112-2"},
        ],
        "variables": [
            {
                "name": "hours",
                "type": "integer",
                "label": {"fr": "Heures\n", "en": "Hours\n"},
                "help": {"fr": "Par an.", "en": "Per year."},
                "default": 500,
            }
        ],
        "eforms": {"strategic": [], "social": ["work-cond", "opp"]},
        "related": {"with": [], "excludes": ["insertion-hours"]},
    }


def as_posted_by_the_form() -> dict:
    """The same clause as the web form gives it back: stripped texts, checkbox order."""
    return {
        "title": {"fr": "Heures d'insertion", "en": "Integration hours"},
        "kind": "execution_condition",
        "ambition": "standard",
        "pillars": ["environmental", "social"],
        "themes": ["circular_economy", "sustainable_housing"],
        "contract_types": ["works", "services"],
        "families": ["building_renovation", "demolition"],
        "min_value": 90000,
        "text": {
            "fr": "Le titulaire réserve {{ hours }} heures.\r\nIl en rend compte.",
            "en": "The contractor reserves {{ hours }} hours.\r\nIt reports on them.",
        },
        "guidance": {"fr": "Une seule ligne.", "en": "A single line."},
        "verification": {"fr": "Relevé trimestriel.", "en": "Quarterly statement."},
        "legal_basis": [
            {"code": "CCP", "article": "L2112-2"},
            {"code": "CTRAV", "article": "L5132-4"},
        ],
        "variables": [
            {
                "name": "hours",
                "type": "integer",
                "label": {"fr": "Heures", "en": "Hours"},
                "help": {"fr": "Par an.", "en": "Per year."},
                "default": 500,
            }
        ],
        "eforms": {"social": ["opp", "work-cond"]},
        "related": {"excludes": ["insertion-hours"]},
    }


def test_a_file_and_the_form_saying_the_same_clause_normalise_alike():
    from_file = normalised_content(as_in_a_file())
    from_form = normalised_content(as_posted_by_the_form())
    assert from_file == from_form
    assert content_hash(from_file) == content_hash(from_form)
    assert content_hash(project(from_file, "fr")) == content_hash(project(from_form, "fr"))


def test_normalised_content_is_what_the_form_shows():
    content = normalised_content(as_in_a_file())
    assert content["text"]["fr"] == "Le titulaire réserve {{ hours }} heures.\nIl en rend compte."
    assert content["guidance"]["en"] == "A single line."
    assert content["variables"][0]["label"] == {"fr": "Heures", "en": "Hours"}
    assert content["pillars"] == ["social", "environmental"]  # vocabulary order
    assert content["contract_types"] == ["works", "services"]
    assert content["legal_basis"][0] == {"code": "CCP", "article": "L2112-2"}
    assert content["eforms"] == {"social": ["opp", "work-cond"]}
    assert content["min_value"] == 90000
    assert isinstance(content["min_value"], int)
    for empty in ("objectives", "penalty"):
        assert empty not in content
    assert content["related"] == {"excludes": ["insertion-hours"]}


def test_normalising_twice_changes_nothing():
    once = normalised_content(as_in_a_file())
    assert normalised_content(once) == once


def test_a_whole_text_reference_keeps_no_article_and_numbers_become_strings():
    content = normalised_content(
        {
            "legal_basis": [
                {"code": "DIR-2014-24", "article": 70},
                {"code": "DIR-2009-33", "article": ""},
            ]
        }
    )
    assert content["legal_basis"] == [
        {"code": "DIR-2014-24", "article": "70"},
        {"code": "DIR-2009-33", "article": None},
    ]


def test_values_the_schema_refuses_are_left_for_it_to_report():
    content = normalised_content(
        {"pillars": ["social", {"odd": 1}, "nonsense"], "title": {"fr": None, "en": " x "}}
    )
    assert content["pillars"] == ["social", {"odd": 1}, "nonsense"]
    assert content["title"] == {"fr": None, "en": " x "}


def test_translated_texts_name_each_text_by_where_it_sits():
    content = normalised_content(as_in_a_file())
    french = translated_texts(content, "fr")
    assert french[".title"] == "Heures d'insertion"
    assert french[".variables[0].label"] == "Heures"
    assert ".pillars" not in french
    assert translated_texts(content, "en")[".guidance"] == "A single line."
