"""Labels people read for procure's vocabularies, in French and in English.

One table for every page and every document. Pages read it in the request's
language (``procure.i18n.label``); documents, built outside any request, read it
in the document's language (``label_in``). Nothing here needs Flask.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import NamedTuple

from procure.compliance.results import Outcome, Severity
from procure.formatting import check_language
from procure.library.families import PurchaseFamily
from procure.vocabulary import (
    Ambition,
    ClauseGrouping,
    ClauseKind,
    ClauseStatus,
    ContractType,
    KpiFrequency,
    Objective,
    OrganisationCategory,
    Pillar,
    Procedure,
    Role,
    SustainabilityStrategy,
    TenderStatus,
    Theme,
    VariableType,
)


class Label(NamedTuple):
    fr: str
    en: str

    def in_language(self, language: str) -> str:
        return self.fr if check_language(language) == "fr" else self.en


LABELS: Mapping[type[StrEnum], Mapping[str, Label]] = {
    Role: {
        Role.BUYER: Label("Acheteur", "Buyer"),
        Role.LEGAL: Label("Juriste", "Legal reviewer"),
        Role.ADMIN: Label("Administrateur", "Administrator"),
    },
    OrganisationCategory: {
        OrganisationCategory.CENTRAL: Label(
            "Autorité publique centrale", "Central government authority"
        ),
        OrganisationCategory.SUB_CENTRAL: Label(
            "Collectivité territoriale ou autre acheteur non central",
            "Local authority or other sub-central buyer",
        ),
        OrganisationCategory.NETWORK_OPERATOR: Label(
            "Entité adjudicatrice (opérateur de réseau)", "Network operator"
        ),
    },
    ClauseStatus: {
        ClauseStatus.DRAFT: Label("Brouillon", "Draft"),
        ClauseStatus.IN_REVIEW: Label("En relecture", "In review"),
        ClauseStatus.APPROVED: Label("Approuvée", "Approved"),
        ClauseStatus.CHANGES_REQUESTED: Label("Modifications demandées", "Changes requested"),
        ClauseStatus.RETIRED: Label("Retirée", "Retired"),
    },
    SustainabilityStrategy: {
        SustainabilityStrategy.AWARD_CRITERIA: Label("Critères d’attribution", "Award criteria"),
        SustainabilityStrategy.CONTRACT_PERFORMANCE_CONDITIONS: Label(
            "Conditions d’exécution du marché", "Contract performance conditions"
        ),
        SustainabilityStrategy.SELECTION_CRITERIA: Label(
            "Critères de sélection", "Selection criteria"
        ),
        SustainabilityStrategy.TECHNICAL_SPECIFICATIONS: Label(
            "Spécifications techniques", "Technical specifications"
        ),
        SustainabilityStrategy.RESERVED_PARTICIPATION: Label(
            "Participation réservée", "Reserved participation"
        ),
    },
    TenderStatus: {
        TenderStatus.DRAFT: Label("Brouillon", "Draft"),
        TenderStatus.IN_REVIEW: Label("En relecture juridique", "In legal review"),
        TenderStatus.CHANGES_REQUESTED: Label("Modifications demandées", "Changes requested"),
        TenderStatus.APPROVED: Label("Approuvée", "Approved"),
        TenderStatus.FINISHED: Label("Terminée", "Finished"),
    },
    ClauseKind: {
        ClauseKind.EXECUTION_CONDITION: Label("Condition d’exécution", "Execution condition"),
        ClauseKind.AWARD_CRITERION: Label("Critère d’attribution", "Award criterion"),
        ClauseKind.TECHNICAL_SPECIFICATION: Label(
            "Spécification technique", "Technical specification"
        ),
        ClauseKind.SELECTION_CRITERION: Label("Critère de sélection", "Selection criterion"),
        ClauseKind.RESERVED_CONTRACT: Label("Marché réservé", "Reserved contract"),
        ClauseKind.MONITORING: Label("Suivi et compte rendu", "Monitoring and reporting"),
    },
    Pillar: {
        Pillar.SOCIAL: Label("Social", "Social"),
        Pillar.ENVIRONMENTAL: Label("Environnemental", "Environmental"),
    },
    Theme: {
        Theme.CIRCULAR_ECONOMY: Label("Économie circulaire", "Circular economy"),
        Theme.SUSTAINABLE_FOOD: Label("Alimentation durable", "Sustainable food"),
        Theme.SUSTAINABLE_HOUSING: Label("Habitat durable", "Sustainable housing"),
        Theme.RESPONSIBLE_TECH: Label(
            "Numérique responsable et solidaire", "Responsible and solidarity technology"
        ),
        Theme.CROSS_CUTTING: Label("Transversal", "Cross-cutting"),
    },
    ContractType: {
        ContractType.WORKS: Label("Travaux", "Works"),
        ContractType.SUPPLIES: Label("Fournitures", "Supplies"),
        ContractType.SERVICES: Label("Services", "Services"),
    },
    Procedure: {
        Procedure.ADAPTED: Label("Procédure adaptée (MAPA)", "Adapted procedure (MAPA)"),
        Procedure.OPEN: Label("Appel d’offres ouvert", "Open procedure"),
        Procedure.RESTRICTED: Label("Appel d’offres restreint", "Restricted procedure"),
        Procedure.NEGOTIATED: Label("Procédure avec négociation", "Negotiated procedure"),
        Procedure.FRAMEWORK: Label("Accord-cadre", "Framework agreement"),
        Procedure.WITHOUT_COMPETITION: Label(
            "Marché sans publicité ni mise en concurrence préalables (R2122-1 à R2122-11)",
            "Contract without prior advertising or competition (R2122-1 to R2122-11)",
        ),
    },
    Ambition: {
        Ambition.CORE: Label("Essentiel", "Core"),
        Ambition.COMPREHENSIVE: Label("Approfondi", "Comprehensive"),
        Ambition.EXEMPLARY: Label("Exemplaire", "Exemplary"),
    },
    PurchaseFamily: {
        PurchaseFamily.COLLECTIVE_CATERING: Label("Restauration collective", "Collective catering"),
        PurchaseFamily.SCHOOL_CATERING: Label("Restauration scolaire", "School catering"),
        PurchaseFamily.FOOD_SUPPLIES: Label(
            "Denrées alimentaires (hors restauration collective)",
            "Food supplies (not for catering)",
        ),
        PurchaseFamily.CLEANING: Label("Propreté et hygiène", "Cleaning and hygiene"),
        PurchaseFamily.GREEN_SPACES: Label("Espaces verts", "Green spaces"),
        PurchaseFamily.WASTE: Label(
            "Collecte et traitement des déchets", "Waste collection and treatment"
        ),
        PurchaseFamily.BUILDING_NEW: Label("Construction neuve", "New building works"),
        PurchaseFamily.BUILDING_RENOVATION: Label("Rénovation de bâtiments", "Building renovation"),
        PurchaseFamily.DEMOLITION: Label("Démolition", "Demolition"),
        PurchaseFamily.CIVIL_ENGINEERING: Label("Génie civil", "Civil engineering"),
        PurchaseFamily.IT_EQUIPMENT: Label("Équipements informatiques", "IT equipment"),
        PurchaseFamily.DIGITAL_SERVICES: Label("Services numériques", "Digital services"),
        PurchaseFamily.FURNITURE: Label("Mobilier", "Furniture"),
        PurchaseFamily.TEXTILES: Label("Textiles", "Textiles"),
        PurchaseFamily.VEHICLES_TRANSPORT: Label(
            "Véhicules et services de transport", "Vehicles and transport services"
        ),
        PurchaseFamily.ENERGY: Label("Énergie", "Energy"),
        PurchaseFamily.TRAINING_SOCIAL: Label(
            "Formation et services sociaux", "Training and social services"
        ),
        PurchaseFamily.PRINTING_PAPER: Label("Impression et papier", "Printing and paper"),
        PurchaseFamily.EVENTS: Label("Événements", "Events"),
    },
    Objective: {
        Objective.INSERTION: Label(
            "Insertion des personnes éloignées de l’emploi", "Employment of people far from work"
        ),
        Objective.DISABILITY: Label(
            "Emploi des personnes handicapées", "Employment of disabled people"
        ),
        Objective.GENDER_EQUALITY: Label(
            "Égalité entre les femmes et les hommes", "Gender equality"
        ),
        Objective.FAIR_TRADE: Label("Commerce équitable", "Fair trade"),
        Objective.CLIMATE: Label("Climat", "Climate"),
        Objective.CIRCULAR_ECONOMY: Label("Économie circulaire", "Circular economy"),
        Objective.BIODIVERSITY: Label("Biodiversité", "Biodiversity"),
        Objective.ACCESSIBILITY: Label("Accessibilité", "Accessibility"),
        Objective.LOCAL_SSE: Label(
            "Économie sociale et solidaire du territoire", "Local social and solidarity economy"
        ),
    },
    ClauseGrouping: {
        ClauseGrouping.MANDATORY: Label("Obligatoire", "Mandatory"),
        ClauseGrouping.RECOMMENDED: Label("Recommandée", "Recommended"),
        ClauseGrouping.POSSIBLE: Label("Possible", "Possible"),
        ClauseGrouping.ADDED: Label("Ajoutée par l’acheteur", "Added by the buyer"),
    },
    KpiFrequency: {
        KpiFrequency.MONTHLY: Label("Mensuelle", "Monthly"),
        KpiFrequency.QUARTERLY: Label("Trimestrielle", "Quarterly"),
        KpiFrequency.YEARLY: Label("Annuelle", "Yearly"),
        KpiFrequency.END_OF_CONTRACT: Label("En fin de marché", "At the end of the contract"),
    },
    Outcome: {
        Outcome.PASSED: Label("Respectée", "Met"),
        Outcome.FAILED: Label("Non respectée", "Not met"),
        Outcome.NOT_APPLICABLE: Label("Sans objet", "Not applicable"),
        Outcome.JUSTIFIED: Label("Écart justifié", "Justified departure"),
    },
    VariableType: {
        VariableType.INTEGER: Label("Nombre entier", "Whole number"),
        VariableType.DECIMAL: Label("Nombre décimal", "Decimal number"),
        VariableType.PERCENT: Label("Pourcentage", "Percentage"),
        VariableType.MONEY: Label("Montant en euros", "Amount in euros"),
        VariableType.TEXT: Label("Texte", "Text"),
        VariableType.CHOICE: Label("Choix dans une liste", "Choice from a list"),
        VariableType.DATE: Label("Date", "Date"),
    },
    Severity: {
        Severity.BLOCKING: Label("Bloquant", "Blocking"),
        Severity.WARNING: Label("Avertissement", "Warning"),
        Severity.ADVICE: Label("Conseil", "Advice"),
    },
}


def label_in(vocabulary: type[StrEnum], value: str, language: str) -> str:
    """The label of ``value`` in ``vocabulary`` in ``language``; the value itself when unknown."""
    found = LABELS[vocabulary].get(str(value))
    return found.in_language(language) if found else str(value)
