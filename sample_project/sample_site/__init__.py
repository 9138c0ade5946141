"""The sample Django site: settings, URLconf and WSGI/ASGI entry points."""
