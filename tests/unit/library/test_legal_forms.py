"""Every legal reference reads one way everywhere: a long form for sentences, a short
form for tables, and a link built from the text's identifier (procure/library/legal.py)."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from procure.library.legal import (
    LegalReference,
    Site,
    TextKind,
    catalogue,
    cite,
    cite_articles,
    find_reference,
    legal_texts,
    parse_texts,
)

REFERENCES = sorted(catalogue(), key=lambda key: (key[0], key[1] or ""))


def reference(code: str, article: str | None) -> LegalReference:
    found = find_reference(code, article)
    assert found is not None
    return found


@pytest.mark.parametrize(("code", "article"), REFERENCES, ids=str)
def test_every_reference_has_a_long_and_a_short_form_in_both_languages(
    code: str, article: str | None
) -> None:
    found = reference(code, article)

    for language in ("fr", "en"):
        long, short = found.citation(language), found.short_citation(language)
        assert long.strip()
        assert short.strip()
        assert len(short) < len(long) or article is None
        if article is not None:
            assert found.article_in(language).rstrip(",") in long


@pytest.mark.parametrize(("code", "article"), REFERENCES, ids=str)
def test_every_reference_has_a_link_built_from_its_text(code: str, article: str | None) -> None:
    found = reference(code, article)
    url = urlsplit(found.url("fr"))

    assert url.scheme == "https"
    if found.text.kind is TextKind.DIRECTIVE:
        assert url.netloc == "eur-lex.europa.eu"
        assert url.query == f"uri=CELEX:{found.text.celex}"
    else:
        assert url.netloc == "www.legifrance.gouv.fr"
    if found.text.kind is TextKind.CODE and article is not None:
        assert url.path == "/search/code"
        assert parse_qs(url.query)["query"] == [article]
        assert parse_qs(url.query)["searchField"] == ["NUM_ARTICLE"]


def test_every_code_carries_its_legifrance_id_and_every_directive_its_celex_number() -> None:
    texts = legal_texts()

    assert texts["CCP"].legitext == "LEGITEXT000037701019"
    assert texts["CTRAV"].legitext == "LEGITEXT000006072050"
    assert texts["CRPM"].legitext == "LEGITEXT000006071367"
    assert texts["CENV"].legitext == "LEGITEXT000006074220"
    assert texts["CASF"].legitext == "LEGITEXT000006074069"
    assert texts["CCOM"].legitext == "LEGITEXT000005634379"
    assert texts["CCONSTR"].legitext == "LEGITEXT000006074096"
    assert texts["DIR-2014-24"].celex == "32014L0024"
    assert texts["DIR-2009-33"].celex == "32009L0033"
    assert texts["EFFIC-2023-1791"].celex == "32023L1791"
    for text in texts.values():
        if text.kind is TextKind.CODE:
            assert re.fullmatch(r"LEGITEXT\d{12}", text.legitext or ""), text.code


def test_a_code_article_reads_in_french_legal_style() -> None:
    found = reference("CCP", "L2113-12")

    assert found.citation("fr") == "article L. 2113-12 du code de la commande publique"
    assert found.short_citation("fr") == "CCP, art. L. 2113-12"
    assert found.citation("en") == "Article L2113-12 of the French Public Procurement Code"
    assert found.short_citation("en") == "CCP art. L2113-12"


def test_regulatory_and_decree_articles_take_their_letter_and_a_point() -> None:
    assert reference("CCP", "R2113-7").citation("fr").startswith("article R. 2113-7 du code")
    assert reference("CCP", "D2111-3").citation("fr").startswith("article D. 2111-3 du code")
    assert reference("CENV", "D543-278").citation("fr") == (
        "article D. 543-278 du code de l'environnement"
    )


def test_a_law_a_directive_and_an_order_take_their_own_french_article() -> None:
    assert reference("L-2005-882", "60").citation("fr") == (
        "article 60 de la loi n° 2005-882 du 2 août 2005 en faveur des petites et moyennes "
        "entreprises"
    )
    assert reference("DIR-2014-24", "20").citation("fr") == "article 20 de la directive 2014/24/UE"
    assert reference("DIR-2014-24", "18(2)").citation("fr") == (
        "article 18, paragraphe 2, de la directive 2014/24/UE"
    )
    assert reference("DIR-2014-24", "18(2)").citation("en") == (
        "Article 18(2) of Directive 2014/24/EU"
    )
    assert reference("ARR-2019-03-22", "3").citation("fr").startswith("article 3 de l'arrêté du")
    assert reference("ARR-2019-03-22", "3").citation("en").startswith("Article 3 of the Order")
    assert reference("L-2005-882", "60").citation("en").startswith("Article 60 of Law No. 2005")


def test_a_text_cited_whole_reads_as_its_name() -> None:
    assert reference("CENV", None).citation("fr") == "Code de l'environnement"
    assert reference("D-2024-134", None).citation("fr") == "Décret n° 2024-134 du 21 février 2024"
    assert reference("CTRAV", None).short_citation("fr") == "C. trav."


def test_several_articles_of_one_code_read_as_one_phrase() -> None:
    ccp = legal_texts()["CCP"]

    assert cite_articles(ccp, ("L2113-12", "L2113-13", "L2113-14"), "fr") == (
        "articles L. 2113-12, L. 2113-13 et L. 2113-14 du code de la commande publique"
    )
    assert cite_articles(ccp, ("L2113-12", "L2113-13"), "en") == (
        "Articles L2113-12 and L2113-13 of the French Public Procurement Code"
    )


def test_a_reference_missing_from_the_catalogue_reads_as_its_code_and_article() -> None:
    assert cite("XYZ", "12", "fr") == "XYZ 12"
    assert cite("XYZ", None, "en", short=True) == "XYZ"


def test_the_links_of_an_article_a_code_a_directive_and_a_law() -> None:
    assert reference("CCP", "L2113-13").url("fr") == (
        "https://www.legifrance.gouv.fr/search/code"
        "?tab_selection=code&searchField=NUM_ARTICLE&query=L2113-13"
    )
    assert reference("CENV", None).url("fr") == (
        "https://www.legifrance.gouv.fr/codes/texte_lc/LEGITEXT000006074220"
    )
    assert reference("DIR-2014-24", "20").url("en") == (
        "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32014L0024"
    )
    law = urlsplit(reference("L-2005-882", "60").url("fr"))
    assert (law.netloc, law.path) == ("www.legifrance.gouv.fr", "/search/all")
    assert parse_qs(law.query)["query"] == ['"loi n° 2005-882 du 2 août 2005"']


def test_each_link_says_which_site_it_opens() -> None:
    assert reference("CCP", "L2113-13").site is Site.LEGIFRANCE_SEARCH
    assert reference("CENV", None).site is Site.LEGIFRANCE
    assert reference("DIR-2014-24", "20").site is Site.EUR_LEX
    assert reference("EGALIM", "24").site is Site.LEGIFRANCE_SEARCH


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"kind": "treaty"}, r"codes\.X\.kind: must be one of code, law"),
        (
            {"kind": "code", "name": {"fr": "code x"}, "short": {"fr": "X", "en": "X"}},
            r"codes\.X\.name: needs a French and an English text",
        ),
        (
            {
                "kind": "code",
                "name": {"fr": "code x", "en": "X Code"},
                "short": {"fr": "X", "en": "X"},
                "legitext": "https://www.legifrance.gouv.fr/codes/texte_lc/LEGITEXT000037701019",
            },
            r"codes\.X\.legitext: must be a Légifrance id",
        ),
        (
            {
                "kind": "directive",
                "name": {"fr": "directive x", "en": "Directive x"},
                "short": {"fr": "X", "en": "X"},
            },
            r"codes\.X\.celex: must be a CELEX number",
        ),
        (
            {
                "kind": "law",
                "name": {"fr": "loi x", "en": "Law x"},
                "short": {"fr": "X", "en": "X"},
            },
            r"codes\.X\.search: must be the text's title",
        ),
    ],
)
def test_a_bad_text_in_the_catalogue_is_refused_with_its_field(entry: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_texts({"X": entry})
