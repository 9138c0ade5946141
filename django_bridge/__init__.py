"""django_bridge: flaskish apps as citizens of a Django project.

It will hold ``mount()``, the Django app config, checks, middleware, the
session and auth bridges and the management commands (see the Django
integration issue).  It imports flaskish; flaskish never imports it.
"""
