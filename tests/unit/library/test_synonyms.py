"""Search synonyms: checking groups, reading the shipped file, expanding a query."""

from __future__ import annotations

from pathlib import Path

import pytest

from procure.library.search import search_tokens
from procure.library.synonyms import (
    MAX_TERM_LENGTH,
    MAX_TERMS,
    Alternative,
    Flaw,
    SearchWord,
    SynonymFileError,
    SynonymGroup,
    TermProblem,
    check_group,
    expand,
    read_synonyms,
    split_terms,
)

CANTINE = SynonymGroup.of(["cantine", "restauration scolaire"], one_way=True)
REUSE = SynonymGroup.of(["réemploi", "seconde main"])
INSERTION = SynonymGroup.of(["insertion", "clause sociale"])
SHELTERED = SynonymGroup.of(["EA", "entreprise adaptée"], one_way=True)


def words(concept) -> list[tuple[str, ...]]:
    """A concept's alternatives as their words, for short assertions."""
    return [tuple(word.text for word in alternative.words) for alternative in concept]


def test_a_word_without_synonym_stays_one_prefix_word() -> None:
    assert expand(["vegetarien"], [CANTINE, REUSE]) == [
        (Alternative((SearchWord("vegetarien", True),)),)
    ]


def test_a_one_way_term_adds_its_expansion_as_a_phrase() -> None:
    (concept,) = expand(search_tokens("Cantine"), [CANTINE])

    assert words(concept) == [("cantine",), ("restauration", "scolaire")]
    assert concept[1].phrase is True
    assert concept[0].phrase is False


def test_a_one_way_expansion_does_not_find_its_term() -> None:
    concepts = expand(search_tokens("restauration scolaire"), [CANTINE])

    assert [words(concept) for concept in concepts] == [[("restauration",)], [("scolaire",)]]


def test_a_two_way_group_works_from_either_side() -> None:
    (forwards,) = expand(search_tokens("réemploi"), [REUSE])
    (backwards,) = expand(search_tokens("Seconde-main"), [REUSE])

    assert words(forwards) == [("reemploi",), ("seconde", "main")]
    assert words(backwards) == [("seconde", "main"), ("reemploi",)]


def test_the_buyers_words_are_all_required_and_each_may_be_a_synonym() -> None:
    concepts = expand(search_tokens("clauses sociales en seconde main"), [INSERTION, REUSE])

    assert [words(concept) for concept in concepts] == [
        [("clauses", "sociales"), ("insertion",), ("clause", "sociale")],
        [("en",)],
        [("seconde", "main"), ("reemploi",)],
    ]


def test_the_longest_term_wins_at_a_position() -> None:
    hand = SynonymGroup.of(["main", "manuel"])

    concepts = expand(search_tokens("seconde main"), [hand, REUSE])

    assert [words(concept) for concept in concepts] == [[("seconde", "main"), ("reemploi",)]]


def test_a_term_in_two_groups_gets_both_groups_synonyms() -> None:
    refurbished = SynonymGroup.of(["réemploi", "reconditionné"])

    (concept,) = expand(["reemploi"], [REUSE, refurbished])

    assert words(concept) == [("reemploi",), ("seconde", "main"), ("reconditionne",)]


def test_short_synonym_words_match_whole_words_only() -> None:
    (from_acronym,) = expand(["ea"], [SHELTERED])
    (from_phrase,) = expand(["handicap"], [SynonymGroup.of(["handicap", "EA"])])

    assert from_acronym[0].words == (SearchWord("ea", False),)  # not "eau"
    assert from_phrase[1].words == (SearchWord("ea", False),)
    assert from_phrase[0].words == (SearchWord("handicap", True),)


def test_split_terms_reads_lines_and_commas() -> None:
    assert split_terms(" seconde main,\nréemploi ;\n\n occasion ") == [
        "seconde main",
        "réemploi",
        "occasion",
    ]


@pytest.mark.parametrize(
    ("term", "others", "expected"),
    [
        ("", ["restauration scolaire"], [TermProblem("term", Flaw.EMPTY)]),
        ("cantine", [], [TermProblem("synonyms", Flaw.SINGLE)]),
        (
            "cantine",
            ["  "],
            [TermProblem("synonyms", Flaw.EMPTY), TermProblem("synonyms", Flaw.SINGLE)],
        ),
        ("Cantine", ["cantine"], [TermProblem("synonyms", Flaw.REPEATED, "cantine")]),
        ("réemploi", ["REEMPLOI"], [TermProblem("synonyms", Flaw.REPEATED, "REEMPLOI")]),
        ("--", ["bio"], [TermProblem("term", Flaw.NO_WORD, "--")]),
        (
            "x" * (MAX_TERM_LENGTH + 1),
            ["bio"],
            [TermProblem("term", Flaw.TOO_LONG, "x" * MAX_TERM_LENGTH + "…")],
        ),
        ("a", [f"b{n}" for n in range(MAX_TERMS)], [TermProblem("synonyms", Flaw.TOO_MANY)]),
        ("cantine", ["restauration scolaire"], []),
    ],
)
def test_check_group_names_the_field_and_the_flaw(term, others, expected) -> None:
    assert check_group(term, others) == expected


def test_the_shipped_file_holds_the_issue_groups_and_no_local_preference() -> None:
    entries = read_synonyms()
    french = {entry.terms: entry.one_way for entry in entries if entry.language == "fr"}

    assert french[("cantine", "restauration scolaire", "restauration collective")] is True
    assert french[("bio", "agriculture biologique", "biologique")] is True
    assert french[("réemploi", "seconde main")] is False
    assert french[("insertion", "clause sociale")] is False
    assert len(entries) >= 16
    every_term = " ".join(term.casefold() for entry in entries for term in entry.terms)
    for local in ("local", "circuit court", "proximit", "régional", "france"):
        assert local not in every_term


def test_a_bad_synonyms_file_reports_every_problem_naming_the_entry(tmp_path: Path) -> None:
    path = tmp_path / "synonyms.yaml"
    path.write_text(
        "fr:\n"
        "  - [cantine]\n"
        "  - {term: '', expands_to: [restauration scolaire]}\n"
        "  - {term: bio}\n"
        "de:\n"
        "  - [Kantine, Schulverpflegung]\n",
        encoding="utf-8",
    )

    with pytest.raises(SynonymFileError) as raised:
        read_synonyms(path)

    assert raised.value.problems == [
        "synonyms.yaml: fr[0]: synonyms: a group needs at least two different terms",
        "synonyms.yaml: fr[1]: term: is empty",
        "synonyms.yaml: fr[2]: a group is a list of terms or {term: …, expands_to: [...]}",
        "synonyms.yaml: de: unknown language; use fr, en",
    ]
