"""What administrators change: accounts of their organisation, its settings, its templates.

Every function acts inside the administrator's own organisation; the routes look
objects up with ``user_in`` and ``template_in``, which return None for another
organisation's objects (the page is then a 404, so existence does not leak).
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import PurePosixPath, PureWindowsPath

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from procure.admin.logo_check import check_logo
from procure.admin.template_check import check_template_file
from procure.audit import record_event
from procure.auth import services as accounts
from procure.auth.services import TOKEN_LIFETIMES, TokenPurpose
from procure.errors import ProcureError
from procure.models import AccountToken, DocumentTemplate, Organisation, User
from procure.models.base import utcnow
from procure.vocabulary import OrganisationCategory, Role

MAX_FILENAME_LENGTH = 255
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


class AdminError(ProcureError):
    """An administrator asked for something that cannot be done; ``reason`` says what."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


@dataclass(frozen=True)
class IssuedLink:
    """A one-time link's secret, given once to the administrator, and its owner."""

    user: User
    token: str
    purpose: TokenPurpose
    expires_at: datetime


# -- Users -------------------------------------------------------------------------


def users_of(session: Session, organisation_id: int) -> list[User]:
    return list(
        session.scalars(
            select(User).where(User.organisation_id == organisation_id).order_by(User.name)
        )
    )


def user_in(session: Session, organisation_id: int, user_id: int) -> User | None:
    user = session.get(User, user_id)
    return user if user is not None and user.organisation_id == organisation_id else None


def invited_user_ids(session: Session, organisation_id: int) -> set[int]:
    """Users of the organisation who were invited and have not chosen a password yet."""
    return set(
        session.scalars(
            select(AccountToken.user_id)
            .join(User, User.id == AccountToken.user_id)
            .where(
                User.organisation_id == organisation_id,
                AccountToken.purpose == TokenPurpose.INVITATION.value,
                AccountToken.used_at.is_(None),
            )
        )
    )


def invite_user(session: Session, *, admin: User, name: str, email: str, role: Role) -> IssuedLink:
    """Create an inactive account in the admin's organisation, with an invitation link."""
    if accounts.find_user_by_email(session, email) is not None:
        raise AdminError("email_taken")
    user = accounts.create_user(
        session,
        organisation=admin.organisation,
        email=email,
        name=name.strip(),
        role=role,
        password=secrets.token_urlsafe(32),  # nobody knows it: the link sets the real one
        active=False,
    )
    link = _issue(session, admin, user, TokenPurpose.INVITATION)
    record_event(
        session,
        actor=admin,
        action="user.invited",
        subject_type="user",
        subject_id=user.id,
        after={"email": user.email, "name": user.name, "role": user.role},
    )
    return link


def invite_again(session: Session, *, admin: User, user: User) -> IssuedLink:
    """A new invitation link for someone who has not used theirs; the old one stops working."""
    if user.active:
        raise AdminError("already_active")
    link = _issue(session, admin, user, TokenPurpose.INVITATION)
    record_event(
        session, actor=admin, action="user.invited_again", subject_type="user", subject_id=user.id
    )
    return link


def issue_password_reset(session: Session, *, admin: User, user: User) -> IssuedLink:
    if not user.active:
        raise AdminError("inactive")
    link = _issue(session, admin, user, TokenPurpose.RESET)
    record_event(
        session,
        actor=admin,
        action="user.reset_link_issued",
        subject_type="user",
        subject_id=user.id,
    )
    return link


def deactivate_user(session: Session, *, admin: User, user: User) -> None:
    """The user can no longer sign in; open links stop working; nothing they wrote is lost."""
    if user.id == admin.id:
        raise AdminError("self")
    user.active = False
    user.end_sessions()  # a later reactivation does not bring the old sessions back
    accounts.drop_open_tokens(session, user)
    record_event(
        session, actor=admin, action="user.deactivated", subject_type="user", subject_id=user.id
    )


def reactivate_user(session: Session, *, admin: User, user: User) -> None:
    user.active = True
    session.flush()
    record_event(
        session, actor=admin, action="user.reactivated", subject_type="user", subject_id=user.id
    )


def _issue(session: Session, admin: User, user: User, purpose: TokenPurpose) -> IssuedLink:
    now = utcnow()
    token = accounts.issue_token(session, user, purpose, created_by=admin, now=now)
    return IssuedLink(user, token, purpose, now + TOKEN_LIFETIMES[purpose])


# -- Organisation settings ---------------------------------------------------------


def update_settings(
    session: Session,
    *,
    admin: User,
    category: OrganisationCategory,
    review_threshold: Decimal | None,
    hourly_cost: Decimal | None,
    review_adapted_wording: bool,
) -> Organisation:
    organisation = admin.organisation
    before = _settings(organisation)
    organisation.category = category.value
    organisation.review_threshold = review_threshold
    organisation.hourly_cost = hourly_cost
    organisation.review_adapted_wording = review_adapted_wording
    session.flush()
    after = _settings(organisation)
    if after != before:
        record_event(
            session,
            actor=admin,
            action="organisation.settings_changed",
            subject_type="organisation",
            subject_id=organisation.id,
            before=before,
            after=after,
        )
    return organisation


def _settings(organisation: Organisation) -> dict[str, str | bool | None]:
    return {
        "category": organisation.category,
        "review_threshold": _amount(organisation.review_threshold),
        "hourly_cost": _amount(organisation.hourly_cost),
        "review_adapted_wording": organisation.review_adapted_wording,
    }


def _amount(value: Decimal | None) -> str | None:
    return None if value is None else f"{Decimal(value):.2f}"


# -- Logo --------------------------------------------------------------------------


@dataclass(frozen=True)
class StoredLogo:
    content: bytes
    media_type: str
    sha256: str


def set_logo(session: Session, *, admin: User, data: bytes) -> Organisation:
    """Check ``data`` (``LogoRejected`` if it cannot be a logo) and make it the logo of the
    admin's organisation, in place of any earlier one; audited."""
    logo = check_logo(data)
    organisation = admin.organisation
    before = _logo_fields(organisation)
    organisation.logo = data
    organisation.logo_media_type = logo.media_type
    organisation.logo_sha256 = hashlib.sha256(data).hexdigest()
    organisation.logo_updated_at = utcnow()
    session.flush()
    record_event(
        session,
        actor=admin,
        action="organisation.logo_changed",
        subject_type="organisation",
        subject_id=organisation.id,
        before=before,
        after={**_logo_fields(organisation), "width": logo.width, "height": logo.height},
    )
    return organisation


def remove_logo(session: Session, *, admin: User) -> bool:
    """Take the logo of the admin's organisation away; False if it had none."""
    organisation = admin.organisation
    if not organisation.has_logo:
        return False
    before = _logo_fields(organisation)
    organisation.logo = None
    organisation.logo_media_type = None
    organisation.logo_sha256 = None
    organisation.logo_updated_at = utcnow()
    session.flush()
    record_event(
        session,
        actor=admin,
        action="organisation.logo_removed",
        subject_type="organisation",
        subject_id=organisation.id,
        before=before,
    )
    return True


def logo_of(session: Session, organisation_id: int) -> StoredLogo | None:
    """The logo of one organisation, or None if it has none."""
    row = session.execute(
        select(Organisation.logo, Organisation.logo_media_type, Organisation.logo_sha256).where(
            Organisation.id == organisation_id
        )
    ).one_or_none()
    if row is None or row.logo is None or row.logo_media_type is None or not row.logo_sha256:
        return None
    return StoredLogo(bytes(row.logo), row.logo_media_type, row.logo_sha256)


def _logo_fields(organisation: Organisation) -> dict[str, str | None]:
    return {"media_type": organisation.logo_media_type, "sha256": organisation.logo_sha256}


# -- Word templates ----------------------------------------------------------------


def templates_of(session: Session, organisation_id: int) -> list[DocumentTemplate]:
    return list(
        session.scalars(
            select(DocumentTemplate)
            .where(DocumentTemplate.organisation_id == organisation_id)
            .order_by(DocumentTemplate.uploaded_at.desc(), DocumentTemplate.id.desc())
        )
    )


def template_in(
    session: Session, organisation_id: int, template_id: int
) -> DocumentTemplate | None:
    template = session.get(DocumentTemplate, template_id)
    if template is None or template.organisation_id != organisation_id:
        return None
    return template


def add_template(
    session: Session, *, admin: User, name: str, filename: str, data: bytes
) -> DocumentTemplate:
    """Check ``data`` (``TemplateRejected`` says why it is refused), then keep it, inactive."""
    check_template_file(data)
    name = name.strip()
    taken = session.scalar(
        select(DocumentTemplate.id).where(
            DocumentTemplate.organisation_id == admin.organisation_id,
            DocumentTemplate.name == name,
        )
    )
    if taken is not None:
        raise AdminError("template_name_taken")
    template = DocumentTemplate(
        organisation_id=admin.organisation_id,
        name=name,
        filename=clean_filename(filename),
        content=data,
        sha256=hashlib.sha256(data).hexdigest(),
        active=False,
        uploaded_by_id=admin.id,
    )
    session.add(template)
    session.flush()
    record_event(
        session,
        actor=admin,
        action="template.uploaded",
        subject_type="document_template",
        subject_id=template.id,
        after={"name": template.name, "filename": template.filename, "sha256": template.sha256},
    )
    return template


def activate_template(session: Session, *, admin: User, template: DocumentTemplate | None) -> None:
    """Make ``template`` the organisation's template; None goes back to procure's own."""
    session.execute(
        update(DocumentTemplate)
        .where(DocumentTemplate.organisation_id == admin.organisation_id)
        .values(active=False)
        .execution_options(synchronize_session="fetch")
    )
    if template is not None:
        template.active = True
    session.flush()
    record_event(
        session,
        actor=admin,
        action="template.activated" if template is not None else "template.default_restored",
        subject_type="document_template" if template is not None else "organisation",
        subject_id=template.id if template is not None else admin.organisation_id,
    )


def delete_template(session: Session, *, admin: User, template: DocumentTemplate) -> None:
    record_event(
        session,
        actor=admin,
        action="template.deleted",
        subject_type="document_template",
        subject_id=template.id,
        before={"name": template.name, "filename": template.filename, "sha256": template.sha256},
    )
    session.delete(template)
    session.flush()


def clean_filename(filename: str) -> str:
    """The file's own name (no folder), printable, at most 255 characters."""
    base = PureWindowsPath(PurePosixPath(filename or "").name).name
    base = _UNPRINTABLE.sub("", base).strip() or "template.docx"
    return base[-MAX_FILENAME_LENGTH:]
