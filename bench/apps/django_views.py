"""The benchmark app as native Django views and ``path()`` patterns."""

from __future__ import annotations

from importlib import import_module

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import include, path, reverse
from django.views.decorators.csrf import csrf_exempt

from . import data


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse(data.HELLO)


def user(request: HttpRequest, user_id: int) -> HttpResponse:
    return JsonResponse(data.user(user_id), json_dumps_params=data.JSON_DUMPS_PARAMS)


def page(request: HttpRequest) -> HttpResponse:
    return render(request, "page.html", {"title": "Items", "items": data.ITEMS})


@csrf_exempt
def form(request: HttpRequest) -> HttpResponse:
    return HttpResponse(data.echo(request.POST))


def session(request: HttpRequest) -> HttpResponse:
    """Read and write a cookie session: Django's middleware's, or one opened here without it."""
    store = getattr(request, "session", None)
    opened_here = store is None
    if opened_here:
        engine = import_module(settings.SESSION_ENGINE)
        store = engine.SessionStore(request.COOKIES.get(settings.SESSION_COOKIE_NAME))
    visits = store.get("visits", 0) + 1
    store["visits"] = visits
    response = HttpResponse(str(visits))
    if opened_here:
        store.save()
        response.set_cookie(
            settings.SESSION_COOKIE_NAME,
            store.session_key,
            httponly=settings.SESSION_COOKIE_HTTPONLY,
            samesite=settings.SESSION_COOKIE_SAMESITE,
        )
    return response


def post(request: HttpRequest, year: int, month: int, slug: str) -> HttpResponse:
    return HttpResponse(f"{year}/{month}/{slug}")


def link(request: HttpRequest) -> HttpResponse:
    return HttpResponse(reverse("post", kwargs=data.POST_VALUES))


def item(request: HttpRequest, item_id: int) -> HttpResponse:
    return HttpResponse(f"Item {item_id}")


shop_patterns = [path("items/<int:item_id>", item, name="item")]

urlpatterns = [
    path("hello", hello, name="hello"),
    path("users/<int:user_id>", user, name="user"),
    path("page", page, name="page"),
    path("form", form, name="form"),
    path("session", session, name="session"),
    path("posts/<int:year>/<int:month>/<str:slug>", post, name="post"),
    path("link", link, name="link"),
    path("shop/", include((shop_patterns, "shop"))),
]


def table_patterns(rules: int) -> list[object]:
    """``rules`` patterns ``r{i}/<int:x>`` (route-table scaling)."""

    def view(request: HttpRequest, x: int) -> HttpResponse:
        return HttpResponse("ok")

    return [path(f"r{i}/<int:x>", view, name=f"r{i}") for i in range(rules)]
