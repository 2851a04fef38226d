"""The catalogue of legal references a clause or a rule may cite."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

CATALOGUE_PATH = Path(__file__).with_name("legal_bases.yaml")


@dataclass(frozen=True)
class LegalReference:
    code: str
    article: str | None
    label: dict[str, str]
    code_label: dict[str, str]
    verified: bool

    def citation(self, language: str) -> str:
        """How the reference reads in a document: "Code de la commande publique, art. L2112-2"."""
        name = self.code_label[language]
        if self.article is None:
            return name
        prefix = "art." if language == "fr" else "Art."
        return f"{name}, {prefix} {self.article}"


@cache
def catalogue() -> dict[tuple[str, str | None], LegalReference]:
    data = yaml.safe_load(CATALOGUE_PATH.read_text(encoding="utf-8"))
    codes = data["codes"]
    references = {}
    for entry in data["references"]:
        article = None if entry["article"] is None else str(entry["article"])
        references[(entry["code"], article)] = LegalReference(
            code=entry["code"],
            article=article,
            label=entry["label"],
            code_label=codes[entry["code"]],
            verified=bool(entry["verified"]),
        )
    return references


def find_reference(code: str, article: str | None) -> LegalReference | None:
    return catalogue().get((code, None if article is None else str(article)))
