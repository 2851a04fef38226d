"""Access rules every view declares: who may use it."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort
from flask_login import current_user, login_required

from procure.vocabulary import Role


def roles_required(*roles: Role) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Signed-in users with one of ``roles``; others get 403, anonymous users the login page."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        wrapped.allowed_roles = frozenset(roles)  # read by the route-by-role test
        return login_required(wrapped)

    return decorate


def signed_in(view: Callable[..., Any]) -> Callable[..., Any]:
    """Any signed-in user."""
    wrapped = login_required(view)
    wrapped.allowed_roles = frozenset(Role)
    return wrapped


def public(view: Callable[..., Any]) -> Callable[..., Any]:
    """Anyone, signed in or not."""
    view.allowed_roles = None
    return view
