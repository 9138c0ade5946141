"""The one Django view per mounted app: hands the Django request to the app."""

from __future__ import annotations

import typing as t

from django.http import HttpRequest, HttpResponseBase

if t.TYPE_CHECKING:
    from flaskish import Flask

#: The resolver passes the path below the mount prefix under this key.
REMAINING_PATH_KWARG = "_flaskish_path"
#: ... and its match of the path for a GET, ``(rule, values)``, a ``NotFound`` for a
#: path no rule has, or None, under this one.
MATCH_KWARG = "_flaskish_match"


def make_bridge_view(
    app: Flask, *, csrf: bool, site: t.Any = None
) -> t.Callable[..., HttpResponseBase]:
    """A Django view running ``app``'s pipeline, with Flask's view of the path."""

    def flaskish_view(request: HttpRequest, *args: t.Any, **kwargs: t.Any) -> HttpResponseBase:
        script_root, path = mount_paths(request, kwargs.get(REMAINING_PATH_KWARG, ""))
        return app.dispatch_django_request(
            request,
            script_root=script_root,
            path=path,
            match=kwargs.get(MATCH_KWARG),
            site_mount=site,
        )

    return _named(flaskish_view, app, csrf)


def make_async_bridge_view(app: Flask, *, csrf: bool, site: t.Any = None) -> t.Callable[..., t.Any]:
    """The bridge view for Django's ASGI handler: the app's pipeline runs on the loop."""

    async def flaskish_async_view(
        request: HttpRequest, *args: t.Any, **kwargs: t.Any
    ) -> HttpResponseBase:
        script_root, path = mount_paths(request, kwargs.get(REMAINING_PATH_KWARG, ""))
        return await app.async_dispatch_django_request(
            request,
            script_root=script_root,
            path=path,
            match=kwargs.get(MATCH_KWARG),
            site_mount=site,
        )

    return _named(flaskish_async_view, app, csrf)


def mount_paths(request: HttpRequest, remaining: str) -> tuple[str, str]:
    """``(script_root, path)`` as Flask sees them: where the app is mounted, and below."""
    path_info = request.path_info
    consumed = path_info[: len(path_info) - len(remaining)] if remaining else path_info
    script_root = request.META.get("SCRIPT_NAME", "").rstrip("/") + consumed.rstrip("/")
    return script_root, "/" + remaining


def _named(view: t.Any, app: Flask, csrf: bool) -> t.Any:
    view.csrf_exempt = not csrf
    view.__name__ = f"{view.__name__}_{app.name.replace('.', '_')}"
    view.__qualname__ = view.__name__
    return view
