"""Labels people read for procure's vocabularies, in the current language."""

from __future__ import annotations

from enum import StrEnum

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from procure.library.families import PurchaseFamily
from procure.vocabulary import (
    Ambition,
    ClauseKind,
    ClauseStatus,
    ContractType,
    Objective,
    OrganisationCategory,
    Pillar,
    Role,
    SustainabilityStrategy,
    TenderStatus,
    Theme,
)

LABELS: dict[type[StrEnum], dict[StrEnum, LazyString]] = {
    Role: {
        Role.BUYER: _l("Buyer"),
        Role.LEGAL: _l("Legal reviewer"),
        Role.ADMIN: _l("Administrator"),
    },
    OrganisationCategory: {
        OrganisationCategory.CENTRAL: _l("Central government authority"),
        OrganisationCategory.SUB_CENTRAL: _l("Local authority or other sub-central buyer"),
        OrganisationCategory.NETWORK_OPERATOR: _l("Network operator"),
    },
    ClauseStatus: {
        ClauseStatus.DRAFT: _l("Draft"),
        ClauseStatus.IN_REVIEW: _l("In review"),
        ClauseStatus.APPROVED: _l("Approved"),
        ClauseStatus.CHANGES_REQUESTED: _l("Changes requested"),
        ClauseStatus.RETIRED: _l("Retired"),
    },
    SustainabilityStrategy: {
        SustainabilityStrategy.AWARD_CRITERIA: _l("Award criteria"),
        SustainabilityStrategy.CONTRACT_PERFORMANCE_CONDITIONS: _l(
            "Contract performance conditions"
        ),
        SustainabilityStrategy.SELECTION_CRITERIA: _l("Selection criteria"),
        SustainabilityStrategy.TECHNICAL_SPECIFICATIONS: _l("Technical specifications"),
        SustainabilityStrategy.RESERVED_PARTICIPATION: _l("Reserved participation"),
    },
    TenderStatus: {
        TenderStatus.DRAFT: _l("Draft"),
        TenderStatus.IN_REVIEW: _l("In legal review"),
        TenderStatus.CHANGES_REQUESTED: _l("Changes requested"),
        TenderStatus.APPROVED: _l("Approved"),
        TenderStatus.FINISHED: _l("Finished"),
    },
    ClauseKind: {
        ClauseKind.EXECUTION_CONDITION: _l("Execution condition"),
        ClauseKind.AWARD_CRITERION: _l("Award criterion"),
        ClauseKind.TECHNICAL_SPECIFICATION: _l("Technical specification"),
        ClauseKind.SELECTION_CRITERION: _l("Selection criterion"),
        ClauseKind.RESERVED_CONTRACT: _l("Reserved contract"),
        ClauseKind.MONITORING: _l("Monitoring and reporting"),
    },
    Pillar: {
        Pillar.SOCIAL: _l("Social"),
        Pillar.ENVIRONMENTAL: _l("Environmental"),
    },
    Theme: {
        Theme.CIRCULAR_ECONOMY: _l("Circular economy"),
        Theme.SUSTAINABLE_FOOD: _l("Sustainable food"),
        Theme.SUSTAINABLE_HOUSING: _l("Sustainable housing"),
        Theme.RESPONSIBLE_TECH: _l("Responsible and solidarity technology"),
        Theme.CROSS_CUTTING: _l("Cross-cutting"),
    },
    ContractType: {
        ContractType.WORKS: _l("Works"),
        ContractType.SUPPLIES: _l("Supplies"),
        ContractType.SERVICES: _l("Services"),
    },
    Ambition: {
        Ambition.CORE: _l("Core"),
        Ambition.COMPREHENSIVE: _l("Comprehensive"),
        Ambition.EXEMPLARY: _l("Exemplary"),
    },
    PurchaseFamily: {
        PurchaseFamily.COLLECTIVE_CATERING: _l("Collective catering"),
        PurchaseFamily.SCHOOL_CATERING: _l("School catering"),
        PurchaseFamily.FOOD_SUPPLIES: _l("Food supplies (not for catering)"),
        PurchaseFamily.CLEANING: _l("Cleaning and hygiene"),
        PurchaseFamily.GREEN_SPACES: _l("Green spaces"),
        PurchaseFamily.WASTE: _l("Waste collection and treatment"),
        PurchaseFamily.BUILDING_NEW: _l("New building works"),
        PurchaseFamily.BUILDING_RENOVATION: _l("Building renovation"),
        PurchaseFamily.DEMOLITION: _l("Demolition"),
        PurchaseFamily.CIVIL_ENGINEERING: _l("Civil engineering"),
        PurchaseFamily.IT_EQUIPMENT: _l("IT equipment"),
        PurchaseFamily.DIGITAL_SERVICES: _l("Digital services"),
        PurchaseFamily.FURNITURE: _l("Furniture"),
        PurchaseFamily.TEXTILES: _l("Textiles"),
        PurchaseFamily.VEHICLES_TRANSPORT: _l("Vehicles and transport services"),
        PurchaseFamily.ENERGY: _l("Energy"),
        PurchaseFamily.TRAINING_SOCIAL: _l("Training and social services"),
        PurchaseFamily.PRINTING_PAPER: _l("Printing and paper"),
        PurchaseFamily.EVENTS: _l("Events"),
    },
    Objective: {
        Objective.INSERTION: _l("Employment of people far from work"),
        Objective.DISABILITY: _l("Employment of disabled people"),
        Objective.GENDER_EQUALITY: _l("Gender equality"),
        Objective.FAIR_TRADE: _l("Fair trade"),
        Objective.CLIMATE: _l("Climate"),
        Objective.CIRCULAR_ECONOMY: _l("Circular economy"),
        Objective.BIODIVERSITY: _l("Biodiversity"),
        Objective.ACCESSIBILITY: _l("Accessibility"),
        Objective.LOCAL_SSE: _l("Local social and solidarity economy"),
    },
}

ERROR_TITLES = {
    400: _l("The request could not be understood"),
    403: _l("You do not have access to this page"),
    404: _l("Page not found"),
    405: _l("This action is not allowed here"),
    413: _l("The file or the form is too large"),
    429: _l("Too many attempts"),
    500: _l("Something went wrong on our side"),
}

ERROR_EXPLANATIONS = {
    400: _l("The form or the link is incomplete or has expired. Go back and try again."),
    403: _l("Your role does not allow this action. Ask an administrator if you need access."),
    404: _l("The address may be mistyped, or the page was moved or deleted."),
    405: _l("Use the buttons of the page rather than typing the address."),
    413: _l("Send a smaller file or shorter texts."),
    429: _l("Wait a few minutes before trying again."),
    500: _l("The error has been recorded. Nothing you saved before was lost; try again later."),
}


def label(vocabulary: type[StrEnum], value: str) -> str:
    """The label of ``value`` in ``vocabulary``, or the value itself when unknown."""
    return str(LABELS[vocabulary].get(value, value))


def role_label(value: str) -> str:
    return label(Role, value)


def tender_status_label(value: str) -> str:
    return label(TenderStatus, value)


def error_title(code: int) -> str:
    return str(ERROR_TITLES.get(code, ERROR_TITLES[500]))


def error_explanation(code: int) -> str:
    return str(ERROR_EXPLANATIONS.get(code, ERROR_EXPLANATIONS[500]))
