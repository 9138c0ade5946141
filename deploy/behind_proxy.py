"""The sample app behind one reverse proxy that sets ``X-Forwarded-For/Proto/Host/Prefix``.

``gunicorn behind_proxy:app``, with nginx in front (docs/deployment.md).
"""

from __future__ import annotations

from sampleapp import app

from flaskish.proxy_fix import ProxyFix

# One proxy (nginx) sets each of the four headers: trust one entry of each.
app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1, x_prefix=1)  # type: ignore[method-assign]
