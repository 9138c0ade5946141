"""The one Django view per mounted app: hands the Django request to the app."""

from __future__ import annotations

import typing as t

from django.http import HttpRequest, HttpResponseBase

if t.TYPE_CHECKING:
    from flaskish import Flask

#: The resolver passes the path below the mount prefix under this key.
REMAINING_PATH_KWARG = "_flaskish_path"


def make_bridge_view(app: Flask, *, csrf: bool) -> t.Callable[..., HttpResponseBase]:
    """A Django view running ``app``'s pipeline, with Flask's view of the path."""

    def flaskish_view(request: HttpRequest, *args: t.Any, **kwargs: t.Any) -> HttpResponseBase:
        remaining = kwargs.get(REMAINING_PATH_KWARG, "")
        path_info = request.path_info
        consumed = path_info[: len(path_info) - len(remaining)] if remaining else path_info
        return app.dispatch_django_request(
            request,
            script_root=request.META.get("SCRIPT_NAME", "").rstrip("/") + consumed.rstrip("/"),
            path="/" + remaining,
        )

    flaskish_view.csrf_exempt = not csrf  # type: ignore[attr-defined]
    flaskish_view.__name__ = f"flaskish_view_{app.name.replace('.', '_')}"
    flaskish_view.__qualname__ = flaskish_view.__name__
    return flaskish_view
