"""A small Django project for testing django_bridge: settings, URLs and mounted apps."""
