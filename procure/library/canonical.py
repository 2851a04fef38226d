"""One canonical form of a clause's content, whether it comes from a file or the web form.

A clause file and the web form say the same clause in different ways: YAML ``|`` and
``>`` blocks end texts with a newline the form strips, files list legal bases, pillars
or eForms codes in the author's order while the form's checkboxes post them in the
order they are offered, and an empty optional field is missing, ``null`` or ``[]``.
``normalised_content`` settles each of these the same way, so that the loader, the
web editor and the content hashes agree on what "the same clause" is.

Plain Python: no Flask, no database.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from procure.library.families import PurchaseFamily
from procure.library.legal import catalogue
from procure.library.text import content_hash, is_bilingual
from procure.vocabulary import (
    EFORMS_ENVIRONMENTAL,
    EFORMS_GPP,
    EFORMS_SOCIAL,
    EFORMS_STRATEGIC,
    ContractType,
    Objective,
    Pillar,
    Theme,
)

# List fields whose order carries no meaning, kept in the order the form offers them.
CHOICE_ORDERS: dict[str, tuple[str, ...]] = {
    "pillars": tuple(Pillar),
    "themes": tuple(Theme),
    "objectives": tuple(Objective),
    "contract_types": tuple(ContractType),
    "families": tuple(PurchaseFamily),
}
EFORMS_ORDERS: dict[str, tuple[str, ...]] = {
    "strategic": EFORMS_STRATEGIC,
    "environmental": EFORMS_ENVIRONMENTAL,
    "social": EFORMS_SOCIAL,
    "gpp": EFORMS_GPP,
}
# Optional fields that say nothing when empty: dropped rather than kept as null or [].
OPTIONAL_FIELDS = (
    "objectives",
    "families",
    "cpv_prefixes",
    "min_value",
    "penalty",
    "variables",
    "eforms",
    "kpi",
    "related",
)


def normalised_content(content: Mapping[str, Any]) -> dict[str, Any]:
    """``content`` in canonical form; applying it twice changes nothing.

    - every ``{fr, en}`` text, at any depth: Windows line ends made ``\\n``, and no
      leading or trailing blank space or newline;
    - pillars, themes, objectives, contract types, families and eForms codes in
      vocabulary order; legal bases in catalogue order, each article a string or None;
    - a whole amount ``min_value`` as an integer;
    - empty optional fields (None, empty text, empty list or mapping) left out.

    Values the clause file schema would refuse are kept as they are, for it to report.
    """
    data: dict[str, Any] = {key: _texts(value) for key, value in content.items()}
    for name, order in CHOICE_ORDERS.items():
        if isinstance(data.get(name), list):
            data[name] = _in_order(data[name], order)
    if isinstance(data.get("legal_basis"), list):
        data["legal_basis"] = _legal_basis(data["legal_basis"])
    if isinstance(data.get("eforms"), dict):
        data["eforms"] = {
            key: _in_order(codes, EFORMS_ORDERS.get(key, ())) if isinstance(codes, list) else codes
            for key, codes in data["eforms"].items()
            if codes
        }
    if isinstance(data.get("related"), dict):
        data["related"] = {key: ids for key, ids in data["related"].items() if ids}
    if isinstance(data.get("penalty"), dict) and not any(data["penalty"].values()):
        data["penalty"] = None
    min_value = data.get("min_value")
    if isinstance(min_value, float) and min_value.is_integer():
        data["min_value"] = int(min_value)
    for name in OPTIONAL_FIELDS:
        if name in data and data[name] in (None, [], {}, ""):
            del data[name]
    return data


# What legal staff approve and the documents print: the wording in both languages and
# the variables' definitions. Guidance, pillars, search terms… may change without it.
LOCKED_FIELDS = ("title", "text", "penalty", "verification", "kpi", "legal_basis")
# A variable's label and help only guide the buyer in the wizard; they are not printed.
UNLOCKED_VARIABLE_FIELDS = frozenset({"label", "help"})


def locked_content(content: Mapping[str, Any]) -> dict[str, Any]:
    """The part of ``content`` an approval locks, normalised (``normalised_content``):
    texts in both languages and each variable's name, type, bounds, choices and default.
    The values a buyer types are not part of a clause's content, so never of this."""
    data = normalised_content(content)
    locked = {name: data[name] for name in LOCKED_FIELDS if name in data}
    variables = data.get("variables")
    if isinstance(variables, list):
        locked["variables"] = [
            {key: item for key, item in variable.items() if key not in UNLOCKED_VARIABLE_FIELDS}
            if isinstance(variable, dict)
            else variable
            for variable in variables
        ]
    return locked


def approved_hash(content: Mapping[str, Any]) -> str:
    """The SHA-256 (64 hex digits) of ``locked_content``: it changes when, and only
    when, what an approval vouches for changes. Written into each built .docx."""
    return content_hash(locked_content(content))


def _texts(value: Any) -> Any:
    if is_bilingual(value) and all(isinstance(text, str) for text in value.values()):
        return {language: _text(text) for language, text in value.items()}
    if isinstance(value, dict):
        return {key: _texts(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_texts(item) for item in value]
    return value


def _text(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _in_order(values: list[Any], order: tuple[str, ...]) -> list[Any]:
    """``values`` in ``order``; values outside it keep their place after the known ones."""
    rank = {value: index for index, value in enumerate(order)}

    def position(value: Any) -> int:
        return rank.get(value, len(rank)) if isinstance(value, str) else len(rank)

    return sorted(values, key=position)


def _legal_basis(references: list[Any]) -> list[Any]:
    rank = {key: index for index, key in enumerate(catalogue())}
    normalised = []
    for reference in references:
        if isinstance(reference, dict) and "article" in reference:
            article = reference["article"]
            article = None if article in (None, "") else str(article)
            normalised.append({**reference, "article": article})
        else:
            normalised.append(reference)

    def position(reference: Any) -> int:
        if not isinstance(reference, dict):
            return len(rank)
        return rank.get((str(reference.get("code")), reference.get("article")), len(rank))

    return sorted(normalised, key=position)
