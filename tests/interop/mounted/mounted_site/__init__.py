"""A Django site with Flask-RESTX and Flask-JWT-Extended apps mounted (``make interop``)."""
