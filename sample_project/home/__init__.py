"""The site's native Django app: the home page, a login-only page, ``create_demo_user``."""
