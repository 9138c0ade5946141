"""The tutorial's ``auth`` blueprint, logging visitors into the Django site."""

from __future__ import annotations

import functools
import typing as t

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils.http import url_has_allowed_host_and_scheme

from django_bridge import auth as site_auth
from django_bridge.auth import current_user
from flaskish import Blueprint, flash, redirect, render_template, request, url_for

bp = Blueprint("auth", __name__, url_prefix="/auth")

F = t.TypeVar("F", bound=t.Callable[..., t.Any])


def login_required(view: F) -> F:
    """Send anonymous visitors to the login page, and back here afterwards."""

    @functools.wraps(view)
    def wrapped_view(**kwargs: t.Any) -> t.Any:
        if not current_user.is_authenticated:
            here = request.script_root + request.path
            return redirect(url_for("auth.login", next=here))
        return view(**kwargs)

    return t.cast(F, wrapped_view)


@bp.route("/register", methods=("GET", "POST"))
def register() -> t.Any:
    """Create a Django user; Django's password validators apply."""
    if request.method == "POST":
        username = request.form["username"].strip()
        password = request.form["password"]
        error = None
        User = get_user_model()
        if not username:
            error = "Username is required."
        elif not password:
            error = "Password is required."
        elif User.objects.filter(username=username).exists():
            error = f"User {username} is already registered."
        else:
            try:
                validate_password(password, User(username=username))
            except ValidationError as exc:
                error = " ".join(exc.messages)
        if error is None:
            User.objects.create_user(username=username, password=password)
            return redirect(url_for("auth.login"))
        flash(error)
    return render_template("auth/register.html")


@bp.route("/login", methods=("GET", "POST"))
def login() -> t.Any:
    """Check the credentials with Django's backends and log the visitor into the site."""
    next_url = request.values.get("next", "")
    if request.method == "POST":
        user = site_auth.authenticate(
            username=request.form["username"], password=request.form["password"]
        )
        if user is not None:
            site_auth.login(user)
            if not url_has_allowed_host_and_scheme(
                next_url, allowed_hosts={request.host}, require_https=request.is_secure
            ):
                next_url = url_for("index")
            return redirect(next_url)
        flash("Incorrect username or password.")
    return render_template("auth/login.html", next=next_url)


@bp.route("/logout")
def logout() -> t.Any:
    """Log out of the whole site: Django's views see an anonymous visitor too."""
    site_auth.logout()
    flash("You are logged out.")
    return redirect(url_for("index"))
