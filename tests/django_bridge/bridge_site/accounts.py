"""A Flask-style login app that shares Django's session and users."""

from __future__ import annotations

from django_bridge.auth import authenticate, current_user, login, logout
from django_bridge.sessions import DjangoSessionInterface
from flaskish import Flask, redirect, request, session, url_for

app = Flask("accounts")
app.session_interface = DjangoSessionInterface()


@app.post("/login")
def do_login():
    user = authenticate(username=request.form["username"], password=request.form["password"])
    if user is None:
        return "wrong credentials", 401
    login(user)
    session["greeting"] = f"hello {user.get_username()}"
    return redirect(url_for("whoami"))


@app.route("/whoami")
def whoami():
    if not current_user.is_authenticated:
        return "anonymous"
    return f"{current_user.get_username()} ({session.get('greeting')})"


@app.route("/logout")
def do_logout():
    logout()
    return "logged out"


@app.route("/flask-login/<name>")
def flask_style_login(name):
    # What Flask's tutorial app does on login: clear, then store its own user.
    session.clear()
    session["user_id"] = name
    return "flask login"


@app.route("/keys")
def keys():
    return {"keys": sorted(session), "user_id": session.get("user_id")}


@app.route("/cart")
def cart():
    return {"cart": session.get("cart", [])}
