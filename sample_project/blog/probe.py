"""Two routes ``make deploy-check`` asks every server for: a file upload and an external URL.

The blog has neither, and they are what servers pass differently: a multipart
body, and the host, scheme and ``SCRIPT_NAME`` that ``url_for(_external=True)``
is built from.
"""

from __future__ import annotations

import hashlib
import typing as t

from flaskish import Blueprint, request, url_for

bp = Blueprint("probe", __name__, url_prefix="/probe")


@bp.post("/upload")
def upload() -> dict[str, t.Any]:
    doc = request.files["doc"]
    data = doc.read()
    return {
        "title": request.form["title"],
        "name": doc.filename,
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
    }


@bp.get("/external")
def external() -> str:
    return url_for("posts.index", _external=True)
