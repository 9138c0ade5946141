"""The site's URLconf: a Django view beside the mounted apps."""

from __future__ import annotations

from django.http import HttpResponse
from django.urls import path

from django_bridge import mount

from .apps import jwt_app, restx_app
from .ledger import app as ledger_app
from .scaling import cached_app, limited_app


def home(request):
    return HttpResponse("django home")


urlpatterns = [
    path("", home),
    mount("api/", restx_app),
    mount("auth/", jwt_app),
    mount("ledger/", ledger_app),
    mount("cached/", cached_app),
    mount("limited/", limited_app),
]
