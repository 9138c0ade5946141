"""manage.py commands of django_bridge."""
