"""The test site's URLconf: native Django views beside two mounted flaskish apps."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path, reverse

from django_bridge import mount

from . import accounts, blog, inventory, notes, shop, wiki


def home(request):
    return HttpResponse(f"home; blog at {reverse('blog:index')}")


@login_required
def me(request):
    greeting = request.session.get("greeting")
    return HttpResponse(f"django sees {request.user.get_username()} ({greeting})")


def django_logout(request):
    logout(request)
    return HttpResponse("logged out by django")


def add_to_cart(request):
    request.session["cart"] = ["book"]
    return HttpResponse("added")


urlpatterns = [
    path("", home, name="home"),
    path("me/", me, name="me"),
    path("django-logout/", django_logout),
    path("add-to-cart/", add_to_cart),
    path("admin/", admin.site.urls),
    mount("accounts/", accounts.app),
    mount("blog/", blog.app),
    mount("shop/", shop.app, namespace="store"),
    mount("notes/", notes.app, namespace="notes", csrf=True),
    mount("wiki/", wiki.create_app),
    mount("inventory/", inventory.app),
]
