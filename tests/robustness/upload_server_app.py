"""The app ``test_upload_cleanup_servers.py`` serves with gunicorn, standalone and mounted.

Small form limits, so a few megabytes of upload followed by a large field or
too many parts is refused once the upload is already on disk.  The garbage
collector is off: what a request leaves must be released by the request.
"""

from __future__ import annotations

import gc

from flaskish import Flask, request

gc.disable()

app = Flask(__name__)
app.config.update(MAX_FORM_MEMORY_SIZE=1_000, MAX_FORM_PARTS=5, MAX_CONTENT_LENGTH=20_000_000)


@app.post("/form")
def form() -> dict:
    return {"files": len(request.files), "fields": len(request.form)}


@app.post("/fail")
def fail() -> dict:
    request.files.get("a")
    raise RuntimeError("The view failed after the upload was parsed.")
