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


class ViewArgsMiddleware:
    """Records what ``process_view`` is given, as site middleware sees a mounted view."""

    seen: list[tuple[tuple, dict]] = []

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        self.seen.append((view_args, dict(view_kwargs)))
        return None
