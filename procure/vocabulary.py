"""The closed vocabularies procure speaks: roles, clause kinds, themes, statuses.

Plain enumerations shared by the models, the clause loader, the wizard and the
compliance rules. Their labels for people live in ``procure.labels``.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    BUYER = "buyer"
    LEGAL = "legal"
    ADMIN = "admin"


class OrganisationCategory(StrEnum):
    CENTRAL = "central"
    SUB_CENTRAL = "sub_central"
    NETWORK_OPERATOR = "network_operator"


class ClauseStatus(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    CHANGES_REQUESTED = "changes_requested"
    RETIRED = "retired"


class ClauseKind(StrEnum):
    EXECUTION_CONDITION = "execution_condition"
    AWARD_CRITERION = "award_criterion"
    TECHNICAL_SPECIFICATION = "technical_specification"
    SELECTION_CRITERION = "selection_criterion"
    RESERVED_CONTRACT = "reserved_contract"
    MONITORING = "monitoring"


class SustainabilityStrategy(StrEnum):
    """The OCDS eForms profile's sustainability strategies."""

    AWARD_CRITERIA = "awardCriteria"
    CONTRACT_PERFORMANCE_CONDITIONS = "contractPerformanceConditions"
    SELECTION_CRITERIA = "selectionCriteria"
    TECHNICAL_SPECIFICATIONS = "technicalSpecifications"
    RESERVED_PARTICIPATION = "reservedParticipation"


STRATEGY_OF_KIND: dict[ClauseKind, SustainabilityStrategy] = {
    ClauseKind.AWARD_CRITERION: SustainabilityStrategy.AWARD_CRITERIA,
    ClauseKind.EXECUTION_CONDITION: SustainabilityStrategy.CONTRACT_PERFORMANCE_CONDITIONS,
    ClauseKind.MONITORING: SustainabilityStrategy.CONTRACT_PERFORMANCE_CONDITIONS,
    ClauseKind.SELECTION_CRITERION: SustainabilityStrategy.SELECTION_CRITERIA,
    ClauseKind.TECHNICAL_SPECIFICATION: SustainabilityStrategy.TECHNICAL_SPECIFICATIONS,
    ClauseKind.RESERVED_CONTRACT: SustainabilityStrategy.RESERVED_PARTICIPATION,
}


class Pillar(StrEnum):
    SOCIAL = "social"
    ENVIRONMENTAL = "environmental"


class Theme(StrEnum):
    CIRCULAR_ECONOMY = "circular_economy"
    SUSTAINABLE_FOOD = "sustainable_food"
    SUSTAINABLE_HOUSING = "sustainable_housing"
    RESPONSIBLE_TECH = "responsible_tech"
    CROSS_CUTTING = "cross_cutting"


class Objective(StrEnum):
    INSERTION = "insertion"
    DISABILITY = "disability"
    GENDER_EQUALITY = "gender_equality"
    FAIR_TRADE = "fair_trade"
    CLIMATE = "climate"
    CIRCULAR_ECONOMY = "circular_economy"
    BIODIVERSITY = "biodiversity"
    ACCESSIBILITY = "accessibility"
    LOCAL_SSE = "local_sse"


class ContractType(StrEnum):
    WORKS = "works"
    SUPPLIES = "supplies"
    SERVICES = "services"


class Ambition(StrEnum):
    CORE = "core"
    COMPREHENSIVE = "comprehensive"
    EXEMPLARY = "exemplary"


class VariableType(StrEnum):
    INTEGER = "integer"
    DECIMAL = "decimal"
    PERCENT = "percent"
    MONEY = "money"
    TEXT = "text"
    CHOICE = "choice"
    DATE = "date"


class KpiFrequency(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    YEARLY = "yearly"
    END_OF_CONTRACT = "end_of_contract"


class TenderStatus(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    CHANGES_REQUESTED = "changes_requested"
    APPROVED = "approved"
    FINISHED = "finished"


class ReviewDecisionKind(StrEnum):
    SUBMITTED = "submitted"
    APPROVED = "approved"
    CHANGES_REQUESTED = "changes_requested"
    RETIRED = "retired"


EFORMS_STRATEGIC = ("env-imp", "inn-pur", "soc-obj", "none")
EFORMS_ENVIRONMENTAL = (
    "biodiv-eco",
    "circ-econ",
    "clim-adapt",
    "clim-mitig",
    "pollu-prev",
    "water-mar",
    "other",
)
EFORMS_SOCIAL = ("acc-all", "et-eq", "gen-eq", "hum-right", "opp", "work-cond", "other")
# BT-805 green procurement criteria, code list gpp-criteria (FACTS §5)
EFORMS_GPP = ("eu", "national", "other", "none")

LANGUAGES = ("fr", "en")


class Procedure(StrEnum):
    ADAPTED = "adapted"
    OPEN = "open"
    RESTRICTED = "restricted"
    NEGOTIATED = "negotiated"
    FRAMEWORK = "framework"
    # A contract awarded without prior advertising or competition (L2122-1, one of the
    # cases of R2122-1 to R2122-11): one operator is contacted, no offers are compared.
    WITHOUT_COMPETITION = "without_competition"


class ClauseGrouping(StrEnum):
    """How a clause came into a tender, in the order the wizard shows them."""

    MANDATORY = "mandatory"
    RECOMMENDED = "recommended"
    POSSIBLE = "possible"
    ADDED = "added"


class CriterionKind(StrEnum):
    PRICE = "price"
    TECHNICAL = "technical"
    CLAUSE = "clause"


class PriceFormula(StrEnum):
    """How the price criterion turns a tendered amount into points."""

    PROPORTIONAL = "proportional"  # lowest amount ÷ amount × weight
    LINEAR = "linear"  # full weight for the lowest amount, zero at twice the lowest
