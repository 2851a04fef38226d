"""Words the compliance messages share, in French and English, both at once.

The names here are the lower-case forms that sit inside a sentence ("le marché
de travaux", "une clause de suivi"); the labels of the pages and documents live
in ``procure.labels``. Amounts and numbers are written by ``procure.formatting``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable, Mapping
from decimal import Decimal
from typing import TypeVar

from procure.formatting import LANGUAGES, format_money, format_number
from procure.library.families import PurchaseFamily
from procure.vocabulary import (
    ClauseKind,
    ContractType,
    OrganisationCategory,
    Pillar,
    Procedure,
    Theme,
)

Bilingual = dict[str, str]
K = TypeVar("K", bound=Hashable)

CONTRACT_TYPES: dict[ContractType, Bilingual] = {
    ContractType.WORKS: {"fr": "travaux", "en": "works"},
    ContractType.SUPPLIES: {"fr": "fournitures", "en": "supplies"},
    ContractType.SERVICES: {"fr": "services", "en": "services"},
}

BUYER_CATEGORIES: dict[OrganisationCategory, Bilingual] = {
    OrganisationCategory.CENTRAL: {"fr": "autorité centrale", "en": "central authority"},
    OrganisationCategory.SUB_CENTRAL: {"fr": "acheteur sous-central", "en": "sub-central buyer"},
    OrganisationCategory.NETWORK_OPERATOR: {
        "fr": "entité adjudicatrice (réseaux)",
        "en": "utility (network operator)",
    },
}

PROCEDURES: dict[Procedure, Bilingual] = {
    Procedure.ADAPTED: {"fr": "procédure adaptée", "en": "adapted procedure"},
    Procedure.OPEN: {"fr": "appel d'offres ouvert", "en": "open procedure"},
    Procedure.RESTRICTED: {"fr": "appel d'offres restreint", "en": "restricted procedure"},
    Procedure.NEGOTIATED: {"fr": "procédure négociée", "en": "negotiated procedure"},
    Procedure.FRAMEWORK: {"fr": "accord-cadre", "en": "framework agreement"},
    Procedure.WITHOUT_COMPETITION: {
        "fr": "marché sans publicité ni mise en concurrence préalables",
        "en": "contract without prior advertising or competition",
    },
}

KINDS: dict[ClauseKind, Bilingual] = {
    ClauseKind.EXECUTION_CONDITION: {"fr": "condition d'exécution", "en": "execution condition"},
    ClauseKind.AWARD_CRITERION: {"fr": "critère d'attribution", "en": "award criterion"},
    ClauseKind.TECHNICAL_SPECIFICATION: {
        "fr": "spécification technique",
        "en": "technical specification",
    },
    ClauseKind.SELECTION_CRITERION: {"fr": "critère de sélection", "en": "selection criterion"},
    ClauseKind.RESERVED_CONTRACT: {"fr": "marché réservé", "en": "reserved contract"},
    ClauseKind.MONITORING: {"fr": "clause de suivi", "en": "monitoring clause"},
}

PILLARS: dict[Pillar, Bilingual] = {  # as in "volet social" / "social pillar"
    Pillar.SOCIAL: {"fr": "social", "en": "social"},
    Pillar.ENVIRONMENTAL: {"fr": "environnemental", "en": "environmental"},
}

THEMES: dict[Theme, Bilingual] = {
    Theme.CIRCULAR_ECONOMY: {"fr": "économie circulaire", "en": "circular economy"},
    Theme.SUSTAINABLE_FOOD: {"fr": "alimentation durable", "en": "sustainable food"},
    Theme.SUSTAINABLE_HOUSING: {"fr": "construction durable", "en": "sustainable housing"},
    Theme.RESPONSIBLE_TECH: {"fr": "numérique responsable", "en": "responsible tech"},
    Theme.CROSS_CUTTING: {"fr": "transversal", "en": "cross-cutting"},
}

FAMILIES: dict[PurchaseFamily, Bilingual] = {
    PurchaseFamily.COLLECTIVE_CATERING: {
        "fr": "restauration collective",
        "en": "collective catering",
    },
    PurchaseFamily.SCHOOL_CATERING: {"fr": "restauration scolaire", "en": "school catering"},
    PurchaseFamily.FOOD_SUPPLIES: {
        "fr": "denrées alimentaires hors restauration collective",
        "en": "food supplies not for catering",
    },
    PurchaseFamily.CLEANING: {"fr": "propreté et hygiène", "en": "cleaning and hygiene"},
    PurchaseFamily.GREEN_SPACES: {"fr": "espaces verts", "en": "green spaces"},
    PurchaseFamily.WASTE: {
        "fr": "collecte et traitement des déchets",
        "en": "waste collection and treatment",
    },
    PurchaseFamily.BUILDING_NEW: {"fr": "construction neuve", "en": "new building works"},
    PurchaseFamily.BUILDING_RENOVATION: {
        "fr": "rénovation de bâtiment",
        "en": "building renovation",
    },
    PurchaseFamily.DEMOLITION: {"fr": "démolition", "en": "demolition"},
    PurchaseFamily.CIVIL_ENGINEERING: {"fr": "génie civil", "en": "civil engineering"},
    PurchaseFamily.IT_EQUIPMENT: {"fr": "équipements informatiques", "en": "IT equipment"},
    PurchaseFamily.DIGITAL_SERVICES: {"fr": "services numériques", "en": "digital services"},
    PurchaseFamily.FURNITURE: {"fr": "mobilier", "en": "furniture"},
    PurchaseFamily.TEXTILES: {"fr": "textiles", "en": "textiles"},
    PurchaseFamily.VEHICLES_TRANSPORT: {
        "fr": "véhicules et transport",
        "en": "vehicles and transport",
    },
    PurchaseFamily.ENERGY: {"fr": "énergie", "en": "energy"},
    PurchaseFamily.TRAINING_SOCIAL: {
        "fr": "formation et services sociaux",
        "en": "training and social services",
    },
    PurchaseFamily.PRINTING_PAPER: {"fr": "impression et papier", "en": "printing and paper"},
    PurchaseFamily.EVENTS: {"fr": "événementiel", "en": "events"},
}

CONTEXT_FLAGS: dict[str, Bilingual] = {
    "catering": {"fr": "restauration collective", "en": "collective catering"},
    "digital": {"fr": "numérique", "en": "digital services"},
    "building": {"fr": "bâtiment", "en": "building"},
    "packaging_waste": {"fr": "emballages et déchets", "en": "packaging and waste"},
    "urban_deliveries": {"fr": "livraisons en ville", "en": "urban deliveries"},
}


def both(fr: str, en: str) -> Bilingual:
    return {"fr": fr, "en": en}


def join(parts: list[Bilingual], separator: str = " ") -> Bilingual:
    """Several explanations read one after the other, language by language."""
    return {
        language: separator.join(part[language] for part in parts if part[language])
        for language in ("fr", "en")
    }


def names(
    words: Mapping[K, Bilingual], members: Iterable[K], conjunction: Bilingual | None = None
) -> Bilingual:
    """``members`` named through ``words`` and joined with "ou" / "or"."""
    conjunction = conjunction or {"fr": " ou ", "en": " or "}
    members = tuple(members)
    return {
        language: conjunction[language].join(words[member][language] for member in members)
        for language in ("fr", "en")
    }


def title(texts: Mapping[str, str], fallback: str) -> Bilingual:
    """A clause's title in both languages: the other language's when one is missing,
    ``fallback`` (its slug) when both are."""
    given = [texts.get(language, "").strip() for language in LANGUAGES]
    spare = next((text for text in given if text), fallback)
    return {language: text or spare for language, text in zip(LANGUAGES, given, strict=True)}


def quoted(titles: Iterable[Bilingual], separator: Bilingual | None = None) -> Bilingual:
    """Titles quoted as each language quotes them: « Titre » / 'Title'."""
    separator = separator or {"fr": ", ", "en": ", "}
    titles = tuple(titles)
    return {
        "fr": separator["fr"].join(f"« {text['fr']} »" for text in titles),
        "en": separator["en"].join(f"'{text['en']}'" for text in titles),
    }


def money(amount: Decimal) -> Bilingual:
    """An amount in euros, through ``procure.formatting``: 216 000 € / €216,000."""
    return {language: format_money(amount, language) for language in LANGUAGES}


def money_excl_vat(amount: Decimal) -> Bilingual:
    """The same, said to be excluding VAT: 216 000 € HT / €216,000 excl. VAT."""
    said = money(amount)
    return {"fr": f"{said['fr']} HT", "en": f"{said['en']} excl. VAT"}


def number(value: Decimal) -> Bilingual:
    """A plain number: 1 200 / 1,200; decimals kept when there are some."""
    return {language: format_number(value, language) for language in LANGUAGES}


def date(day: dt.date) -> Bilingual:
    return {"fr": day.strftime("%d/%m/%Y"), "en": f"{day.day} {day:%B %Y}"}
