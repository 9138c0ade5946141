"""The app ``test_chunked_server.py`` serves with gunicorn, and ``test_dev_server.py`` with
``flaskish run``: it reports the body it read."""

from __future__ import annotations

from flaskish import Flask, request

app = Flask(__name__)
app.config["MAX_CONTENT_LENGTH"] = 1000


@app.post("/data")
def data() -> dict:
    return {"data": request.get_data(as_text=True)}


@app.post("/form")
def form() -> dict:
    upload = request.files["f"]
    return {"form": request.form.to_dict(), "file": [upload.filename, upload.read().decode()]}


@app.post("/ignore")
def ignore() -> str:
    return "the body was not read"
