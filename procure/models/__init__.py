"""All models, imported here so that the metadata knows every table."""

from procure.models.account_token import AccountToken
from procure.models.api_token import ApiToken
from procure.models.audit import AuditEvent
from procure.models.base import Base
from procure.models.clause import Clause, ClauseSet, ClauseSetItem, ClauseSetVersion, ClauseVersion
from procure.models.cpv import CpvCode
from procure.models.document_template import DocumentTemplate
from procure.models.organisation import Organisation
from procure.models.review import ReviewComment, ReviewDecision
from procure.models.sign_in import SignInFailure
from procure.models.synonym import SearchSynonym
from procure.models.tender import Tender, TenderClause, TenderDraft
from procure.models.user import User

__all__ = [
    "AccountToken",
    "ApiToken",
    "AuditEvent",
    "Base",
    "Clause",
    "ClauseSet",
    "ClauseSetItem",
    "ClauseSetVersion",
    "ClauseVersion",
    "CpvCode",
    "DocumentTemplate",
    "Organisation",
    "ReviewComment",
    "ReviewDecision",
    "SearchSynonym",
    "SignInFailure",
    "Tender",
    "TenderClause",
    "TenderDraft",
    "User",
]
