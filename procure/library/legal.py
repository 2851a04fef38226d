"""The catalogue of legal references a clause or a rule may cite, and how they read.

Every document and page prints a reference the same way, from here:

- the long form, for sentences and lists: "article L. 2113-12 du code de la commande
  publique" / "Article L2113-12 of the French Public Procurement Code";
- the short form, for tables: "CCP, art. L. 2113-12" / "CCP art. L2113-12";
- a link built from the text's identifier (a code's LEGITEXT, a directive's CELEX
  number, a law's title), never stored by hand.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import yaml

CATALOGUE_PATH = Path(__file__).with_name("legal_bases.yaml")

LEGIFRANCE = "https://www.legifrance.gouv.fr"
EUR_LEX = "https://eur-lex.europa.eu"
LANGUAGES = ("fr", "en")

_LEGITEXT = re.compile(r"LEGITEXT\d{12}")
_CELEX = re.compile(r"3\d{4}L\d{4}")
_CODE_ARTICLE = re.compile(r"([LRD])(\d[\d-]*)")  # L2113-12, R2111-12, D543-278
_PARAGRAPH = re.compile(r"(\d+)\((\d+)\)")  # 18(2): article 18, paragraph 2


class TextKind(StrEnum):
    """What a cited text is: it decides the French article ("du code", "de la loi") and
    where its link points (Légifrance for French texts, EUR-Lex for directives)."""

    CODE = "code"
    LAW = "law"
    DECREE = "decree"
    ORDER = "order"  # arrêté
    ORDINANCE = "ordinance"
    DIRECTIVE = "directive"


# "article 60 de la loi …", "article L. 2113-12 du code …", "article 3 de l'arrêté …"
_FRENCH_OF = {
    TextKind.CODE: "du ",
    TextKind.LAW: "de la ",
    TextKind.DECREE: "du ",
    TextKind.ORDER: "de l'",
    TextKind.ORDINANCE: "de l'",
    TextKind.DIRECTIVE: "de la ",
}
# "Article L2113-12 of the French Public Procurement Code", "Article 60 of Law No. …"
_ENGLISH_OF = {kind: "the " if kind in {TextKind.CODE, TextKind.ORDER} else "" for kind in TextKind}


class Site(StrEnum):
    """Where a reference's link goes, so that the page can say it."""

    LEGIFRANCE = "legifrance"  # a code on Légifrance
    LEGIFRANCE_SEARCH = "legifrance_search"  # a Légifrance search: article number or title
    EUR_LEX = "eur_lex"


@dataclass(frozen=True)
class LegalText:
    """A code, law, decree, order, ordinance or directive the catalogue cites."""

    code: str  # the catalogue's key: CCP, CTRAV, DIR-2014-24…
    kind: TextKind
    name: Mapping[str, str]  # as it reads inside a sentence: "code de la commande publique"
    short: Mapping[str, str]  # for tables: "CCP", "C. trav."
    legitext: str | None = None  # codes: the code's Légifrance identifier
    celex: str | None = None  # directives: the EUR-Lex CELEX number
    search: str | None = None  # other French texts: the title to search Légifrance for

    def title(self, language: str) -> str:
        """The text's name standing alone: "Code de l'environnement"."""
        name = self.name[language]
        return name[:1].upper() + name[1:]


@dataclass(frozen=True)
class LegalReference:
    code: str
    article: str | None
    label: dict[str, str]
    text: LegalText
    verified: bool

    def article_in(self, language: str) -> str:
        """The article number as the language writes it: "L. 2113-12" in French, "L2113-12"
        in English; "18, paragraphe 2," / "18(2)" for a directive's paragraph."""
        article = self.article or ""
        if language != "fr":
            return article
        if self.text.kind is TextKind.CODE:
            match = _CODE_ARTICLE.fullmatch(article)
            if match:
                return f"{match.group(1)}. {match.group(2)}"
        match = _PARAGRAPH.fullmatch(article)
        if match:
            return f"{match.group(1)}, paragraphe {match.group(2)},"
        return article

    def citation(self, language: str) -> str:
        """The long form: "article L. 2113-12 du code de la commande publique", "Article
        L2113-12 of the French Public Procurement Code"; a text cited whole by its name."""
        if self.article is None:
            return self.text.title(language)
        return cite_articles(self.text, (self.article,), language)

    def short_citation(self, language: str) -> str:
        """The short form for tables: "CCP, art. L. 2113-12", "CCP art. L2113-12"."""
        short = self.text.short[language]
        if self.article is None:
            return short
        article = self.article_in(language) if self.text.kind is TextKind.CODE else self.article
        return f"{short}, art. {article}" if language == "fr" else f"{short} art. {article}"

    @property
    def site(self) -> Site:
        if self.text.kind is TextKind.DIRECTIVE:
            return Site.EUR_LEX
        if self.text.kind is TextKind.CODE and self.article is None:
            return Site.LEGIFRANCE
        return Site.LEGIFRANCE_SEARCH

    def url(self, language: str) -> str:
        """Where the reader finds the text: built from the text's identifier.

        - an article of a code: Légifrance's search by article number, which always
          resolves to the version in force (an article's LEGIARTI id names one dated
          version and would age silently);
        - a code cited whole: the code on Légifrance, from its LEGITEXT id;
        - a directive: EUR-Lex, from its CELEX number, in the page's language;
        - another French text: a Légifrance search for its title.
        """
        text = self.text
        if text.kind is TextKind.CODE:
            if self.article is None:
                return f"{LEGIFRANCE}/codes/texte_lc/{text.legitext}"
            query = {"tab_selection": "code", "searchField": "NUM_ARTICLE", "query": self.article}
            return f"{LEGIFRANCE}/search/code?{urlencode(query)}"
        if text.kind is TextKind.DIRECTIVE:
            return f"{EUR_LEX}/legal-content/{language.upper()}/TXT/?uri=CELEX:{text.celex}"
        query = {"tab_selection": "all", "searchField": "ALL", "query": f'"{text.search}"'}
        return f"{LEGIFRANCE}/search/all?{urlencode(query, quote_via=quote)}"


def cite_articles(text: LegalText, articles: Sequence[str], language: str) -> str:
    """Several articles of one text in one phrase: "articles L. 2113-12, L. 2113-13 et
    L. 2113-14 du code de la commande publique", "Articles L2113-12 and L2113-13 of …"."""
    if not articles:
        raise ValueError(f"{text.code}: no article to cite")
    numbers = [
        LegalReference(text.code, article, {}, text, True).article_in(language)
        for article in articles
    ]
    joined = numbers[0]
    if len(numbers) > 1:
        last = numbers[-1]
        joined = f"{', '.join(numbers[:-1])} {'et' if language == 'fr' else 'and'} {last}"
    if language == "fr":
        word = "articles" if len(numbers) > 1 else "article"
        return f"{word} {joined} {_FRENCH_OF[text.kind]}{text.name['fr']}"
    word = "Articles" if len(numbers) > 1 else "Article"
    return f"{word} {joined} of {_ENGLISH_OF[text.kind]}{text.name[language]}"


def parse_texts(data: Mapping[str, Any]) -> dict[str, LegalText]:
    """The ``codes:`` section of legal_bases.yaml; a bad entry raises ``ValueError``
    naming the code and the field."""
    texts = {}
    for code, entry in data.items():
        where = f"legal_bases.yaml, codes.{code}"
        if not isinstance(entry, Mapping):
            raise ValueError(f"{where}: must be a mapping")
        try:
            kind = TextKind(str(entry.get("kind")))
        except ValueError:
            choices = ", ".join(kind.value for kind in TextKind)
            raise ValueError(f"{where}.kind: must be one of {choices}") from None
        for field in ("name", "short"):
            value = entry.get(field)
            if not isinstance(value, Mapping) or any(
                not isinstance(value.get(language), str) or not value[language].strip()
                for language in LANGUAGES
            ):
                raise ValueError(f"{where}.{field}: needs a French and an English text")
        required = {
            TextKind.CODE: ("legitext", _LEGITEXT, "a Légifrance id such as LEGITEXT000037701019"),
            TextKind.DIRECTIVE: ("celex", _CELEX, "a CELEX number such as 32014L0024"),
        }.get(kind, ("search", re.compile(r".*\S.*"), "the text's title to search for"))
        field, pattern, expected = required
        value = entry.get(field)
        if not isinstance(value, str) or not pattern.fullmatch(value):
            raise ValueError(f"{where}.{field}: must be {expected}")
        texts[code] = LegalText(
            code=code,
            kind=kind,
            name=dict(entry["name"]),
            short=dict(entry["short"]),
            legitext=entry.get("legitext"),
            celex=entry.get("celex"),
            search=entry.get("search"),
        )
    return texts


@cache
def _data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(CATALOGUE_PATH.read_text(encoding="utf-8"))
    return data


@cache
def legal_texts() -> dict[str, LegalText]:
    """Every text of the catalogue, by its key (CCP, CTRAV, DIR-2014-24…)."""
    return parse_texts(_data()["codes"])


@cache
def catalogue() -> dict[tuple[str, str | None], LegalReference]:
    texts = legal_texts()
    references = {}
    for entry in _data()["references"]:
        article = None if entry["article"] is None else str(entry["article"])
        references[(entry["code"], article)] = LegalReference(
            code=entry["code"],
            article=article,
            label=entry["label"],
            text=texts[entry["code"]],
            verified=bool(entry["verified"]),
        )
    return references


def find_reference(code: str, article: str | None) -> LegalReference | None:
    return catalogue().get((code, None if article is None else str(article)))


def cite(code: str, article: str | None, language: str, *, short: bool = False) -> str:
    """A reference in its long (or ``short``) form; one missing from the catalogue reads
    as its code and article ("XYZ 12"), never silently dropped."""
    reference = find_reference(code, article)
    if reference is None:
        return f"{code} {article}" if article else code
    return reference.short_citation(language) if short else reference.citation(language)
