"""A middleware that marks responses and can refuse requests, to show it runs."""

from __future__ import annotations

from django.http import HttpResponseForbidden


class StampMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.headers.get("X-Block") == "yes":
            return HttpResponseForbidden("blocked by middleware")
        request.stamp = "stamped"
        response = self.get_response(request)
        response["X-Stamp"] = "django-middleware"
        return response
