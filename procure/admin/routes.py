"""Administration of one's own organisation: users, settings, Word templates."""

from __future__ import annotations

import io
from collections.abc import Callable

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import force_locale, format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from procure.admin import services
from procure.admin.file_messages import LOGO_REJECTIONS, TEMPLATE_REJECTIONS
from procure.admin.forms import InviteForm, LogoForm, OrganisationForm, TemplateUploadForm
from procure.admin.logo_check import MAX_LOGO_BYTES, LogoRejected
from procure.admin.template_check import (
    MAX_TEMPLATE_BYTES,
    Reason,
    TemplateRejected,
    optional_styles_missing,
)
from procure.auth.access import roles_required
from procure.auth.services import TokenPurpose
from procure.breadcrumbs import Trail
from procure.compliance import social_services_list
from procure.db import get_session
from procure.formatting import format_date
from procure.forms import number_readings
from procure.i18n import current_language
from procure.mail import Mail, MailError
from procure.mail import send as send_mail
from procure.models import DocumentTemplate, User
from procure.vocabulary import OrganisationCategory, Role

bp = Blueprint("admin", __name__, url_prefix="/admin")
# The person's language is not known yet: their mail says it in French, then in English.
MAIL_LANGUAGES = ("fr", "en")
DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

ADMIN_ERRORS = {
    "email_taken": _l("A user with this email address already exists."),
    "already_active": _l("This person has already opened their account."),
    "inactive": _l("This account is deactivated: reactivate it before giving a new password link."),
    "self": _l("You cannot deactivate your own account."),
    "template_name_taken": _l("A template of your organisation already has this name."),
}


def _trail(*pages: tuple[object, str | None]) -> Trail:
    """Administration, then ``pages`` (label, URL; the current page's URL is None)."""
    trail = Trail()
    trail.add(_("Administration"), url_for("admin.index") if pages else None)
    for label, url in pages:
        trail.add(label, url)
    return trail


def _user_or_404(user_id: int) -> User:
    user = services.user_in(get_session(), current_user.organisation_id, user_id)
    if user is None:
        abort(404)
    return user


def _template_or_404(template_id: int) -> DocumentTemplate:
    template = services.template_in(get_session(), current_user.organisation_id, template_id)
    if template is None:
        abort(404)
    return template


def _admin_error(error: services.AdminError) -> str:
    return str(ADMIN_ERRORS[error.reason])


@bp.get("/")
@roles_required(Role.ADMIN)
def index():
    return render_template(
        "admin/index.html",
        has_audit_log="auditlog.index" in current_app.view_functions,
        breadcrumbs=_trail(),
    )


# -- Users -------------------------------------------------------------------------


@bp.get("/users")
@roles_required(Role.ADMIN)
def users():
    session = get_session()
    return render_template(
        "admin/users.html",
        breadcrumbs=_trail((_("Users"), None)),
        users=services.users_of(session, current_user.organisation_id),
        invited=services.invited_user_ids(session, current_user.organisation_id),
    )


@bp.route("/users/invite", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def invite():
    form = InviteForm()
    if form.validate_on_submit():
        try:
            link = services.invite_user(
                get_session(),
                admin=current_user,
                name=form.name.data,
                email=form.email.data,
                role=Role(form.role.data),
            )
        except services.AdminError as error:
            form.email.errors.append(_admin_error(error))
        else:
            return _send_link(link)
    return render_template(
        "admin/invite.html",
        form=form,
        breadcrumbs=_trail((_("Users"), url_for("admin.users")), (_("Invite a user"), None)),
    )


@bp.post("/users/<int:user_id>/invite-again")
@roles_required(Role.ADMIN)
def invite_again(user_id: int):
    user = _user_or_404(user_id)
    try:
        link = services.invite_again(get_session(), admin=current_user, user=user)
    except services.AdminError as error:
        flash(_admin_error(error), "error")
        return redirect(url_for("admin.users"))
    return _send_link(link)


@bp.post("/users/<int:user_id>/reset")
@roles_required(Role.ADMIN)
def reset_password(user_id: int):
    user = _user_or_404(user_id)
    try:
        link = services.issue_password_reset(get_session(), admin=current_user, user=user)
    except services.AdminError as error:
        flash(_admin_error(error), "error")
        return redirect(url_for("admin.users"))
    return _send_link(link)


def _send_link(link: services.IssuedLink):
    """Mail the one-time link to its owner; the administrator never sees it."""
    url = url_for("auth.activate", token=link.token, _external=True)
    email, user_id = link.user.email, link.user.id
    mail = Mail(
        to=email,
        subject=" / ".join(
            _in(language, lambda: _("Your procure account")) for language in MAIL_LANGUAGES
        ),
        body="\n\n-----\n\n".join(
            _in(
                language,
                lambda: render_template(
                    "mail/account_link.txt", link=link, url=url, admin=current_user
                ),
            )
            for language in MAIL_LANGUAGES
        ),
    )
    try:
        send_mail(mail)
    except MailError as error:
        current_app.logger.error("Mail to user %s not sent: %s", user_id, error)
        get_session().rollback()  # no account or link the person never heard of
        flash(
            _(
                "The message to %(email)s could not be sent. Nothing was changed: try again "
                "later, or ask the server's administrator to check the mail settings.",
                email=email,
            ),
            "error",
        )
        return redirect(url_for("admin.users"))
    if link.purpose == TokenPurpose.INVITATION:
        flash(_("An invitation was sent to %(email)s.", email=link.user.email), "success")
    else:
        flash(
            _("A link to choose a new password was sent to %(email)s.", email=link.user.email),
            "success",
        )
    return redirect(url_for("admin.users"))


def _in(language: str, text: Callable[[], str]) -> str:
    """``text()`` with ``language`` as the locale."""
    with force_locale(language):
        return text()


@bp.post("/users/<int:user_id>/deactivate")
@roles_required(Role.ADMIN)
def deactivate(user_id: int):
    user = _user_or_404(user_id)
    try:
        services.deactivate_user(get_session(), admin=current_user, user=user)
    except services.AdminError as error:
        flash(_admin_error(error), "error")
    else:
        flash(_("%(name)s can no longer sign in.", name=user.name), "success")
    return redirect(url_for("admin.users"))


@bp.post("/users/<int:user_id>/reactivate")
@roles_required(Role.ADMIN)
def reactivate(user_id: int):
    user = _user_or_404(user_id)
    services.reactivate_user(get_session(), admin=current_user, user=user)
    flash(_("%(name)s can sign in again.", name=user.name), "success")
    return redirect(url_for("admin.users"))


# -- Organisation ------------------------------------------------------------------


@bp.route("/organisation", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def organisation():
    form = OrganisationForm(data=_settings_data() if request.method == "GET" else None)
    if form.validate_on_submit():
        services.update_settings(
            get_session(),
            admin=current_user,
            category=OrganisationCategory(form.category.data),
            review_threshold=form.review_threshold.data,
            hourly_cost=form.hourly_cost.data,
            review_adapted_wording=form.review_adapted_wording.data,
        )
        flash(_("The settings of your organisation were saved."), "success")
        for reading in number_readings(form):
            flash(reading, "info")
        return redirect(url_for("admin.organisation"))
    return _organisation_page(form, LogoForm(formdata=None))


@bp.post("/organisation/logo")
@roles_required(Role.ADMIN)
def upload_logo():
    logo_form = LogoForm()
    if logo_form.validate_on_submit():
        try:
            services.set_logo(
                get_session(), admin=current_user, data=logo_form.logo.data.read(MAX_LOGO_BYTES + 1)
            )
        except LogoRejected as rejection:
            logo_form.logo.errors.append(str(LOGO_REJECTIONS[rejection.reason]))
        else:
            flash(_("The logo of your organisation was saved."), "success")
            return redirect(url_for("admin.organisation"))
    return _organisation_page(OrganisationForm(formdata=None, data=_settings_data()), logo_form)


@bp.post("/organisation/logo/remove")
@roles_required(Role.ADMIN)
def remove_logo():
    if services.remove_logo(get_session(), admin=current_user):
        flash(_("The logo of your organisation was removed."), "success")
    return redirect(url_for("admin.organisation"))


def _settings_data() -> dict[str, object]:
    organisation = current_user.organisation
    return {
        "category": organisation.category,
        "review_threshold": organisation.review_threshold,
        "hourly_cost": organisation.hourly_cost,
        "review_adapted_wording": organisation.review_adapted_wording,
    }


def _organisation_page(form: OrganisationForm, logo_form: LogoForm) -> str:
    return render_template(
        "admin/organisation.html",
        breadcrumbs=_trail((_("Organisation settings"), None)),
        form=form,
        logo_form=logo_form,
        organisation=current_user.organisation,
        social_services=social_services_list(),
        format_date=format_date,
        language=current_language(),
    )


# -- Word templates ----------------------------------------------------------------


@bp.route("/templates", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def templates():
    form = TemplateUploadForm()
    if form.validate_on_submit():
        upload = form.file.data
        data = upload.read(MAX_TEMPLATE_BYTES + 1)
        try:
            template = services.add_template(
                get_session(),
                admin=current_user,
                name=form.name.data,
                filename=upload.filename or "",
                data=data,
            )
        except TemplateRejected as rejection:
            form.file.errors.append(_template_rejection(rejection, len(data)))
        except services.AdminError as error:
            form.name.errors.append(_admin_error(error))
        else:
            flash(
                _(
                    "The template “%(name)s” was checked and saved. Make it active to use it "
                    "for your documents.",
                    name=template.name,
                ),
                "success",
            )
            if absent := optional_styles_missing(data):
                flash(
                    _(
                        "It has no style named %(styles)s: procure uses plainer styles "
                        "instead. Add them to the template if you want their look.",
                        styles=", ".join(absent),
                    ),
                    "warning",
                )
            return redirect(url_for("admin.templates"))
    return render_template(
        "admin/templates.html",
        breadcrumbs=_trail((_("Word templates"), None)),
        form=form,
        templates=services.templates_of(get_session(), current_user.organisation_id),
    )


def _template_rejection(rejection: TemplateRejected, size: int) -> str:
    detail = rejection.detail
    if rejection.reason is Reason.TOO_LARGE:
        detail = _("%(size)s MB or more", size=format_decimal(round(size / (1024 * 1024), 1)))
    return str(TEMPLATE_REJECTIONS[rejection.reason]) % {"detail": detail}


@bp.get("/templates/<int:template_id>/download")
@roles_required(Role.ADMIN)
def download_template(template_id: int):
    template = _template_or_404(template_id)
    return send_file(
        io.BytesIO(template.content),
        mimetype=DOCX_MIMETYPE,
        as_attachment=True,
        download_name=template.filename,
    )


@bp.post("/templates/<int:template_id>/activate")
@roles_required(Role.ADMIN)
def activate_template(template_id: int):
    template = _template_or_404(template_id)
    services.activate_template(get_session(), admin=current_user, template=template)
    flash(_("Your documents now use the template “%(name)s”.", name=template.name), "success")
    return redirect(url_for("admin.templates"))


@bp.post("/templates/default")
@roles_required(Role.ADMIN)
def use_default_template():
    services.activate_template(get_session(), admin=current_user, template=None)
    flash(_("Your documents now use procure’s default template."), "success")
    return redirect(url_for("admin.templates"))


@bp.route("/templates/<int:template_id>/delete", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def delete_template(template_id: int):
    template = _template_or_404(template_id)
    if request.method == "POST":
        name = template.name
        services.delete_template(get_session(), admin=current_user, template=template)
        flash(_("The template “%(name)s” was deleted.", name=name), "success")
        return redirect(url_for("admin.templates"))
    return render_template(
        "admin/delete_template.html",
        template=template,
        breadcrumbs=_trail(
            (_("Word templates"), url_for("admin.templates")), (template.name, None)
        ),
    )
