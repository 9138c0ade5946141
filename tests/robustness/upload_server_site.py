"""Settings of a Django project with ``upload_server_app`` mounted at ``/up/``.

gunicorn serves Django's ``get_wsgi_application()`` with
``DJANGO_SETTINGS_MODULE=upload_server_site``.
"""

from __future__ import annotations

SECRET_KEY = "upload-cleanup-site-secret"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "upload_server_urls"
USE_TZ = True
INSTALLED_APPS = ["django_bridge"]
MIDDLEWARE = ["django.middleware.common.CommonMiddleware"]
DATABASES: dict = {}
