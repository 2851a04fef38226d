"""Administrators create and revoke their organisation's API tokens."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from procure.apitokens import services
from procure.apitokens.forms import ApiTokenForm
from procure.auth.access import roles_required
from procure.db import get_session
from procure.models import ApiToken
from procure.vocabulary import Role

bp = Blueprint("apitokens", __name__, url_prefix="/admin/api-tokens")


@bp.route("/", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def index():
    form = ApiTokenForm()
    issued = None
    if form.validate_on_submit():
        issued = services.create_api_token(get_session(), admin=current_user, name=form.name.data)
        form = ApiTokenForm(formdata=None)
    # The secret is answered here, once, and never redirected through the session
    # cookie (signed, not encrypted): this one response shows it and is never cached.
    response = render_template(
        "apitokens/index.html",
        form=form,
        issued=issued,
        tokens=services.tokens_of(get_session(), current_user.organisation_id),
    )
    return response, 200, {"Cache-Control": "no-store"}


@bp.post("/<int:token_id>/revoke")
@roles_required(Role.ADMIN)
def revoke(token_id: int):
    token = _token_or_404(token_id)
    services.revoke_api_token(get_session(), admin=current_user, token=token)
    flash(
        _("The token “%(name)s” was revoked: it no longer opens the API.", name=token.name),
        "success",
    )
    return redirect(url_for("apitokens.index"))


def _token_or_404(token_id: int) -> ApiToken:
    token = services.token_in(get_session(), current_user.organisation_id, token_id)
    if token is None:
        abort(404)
    return token
