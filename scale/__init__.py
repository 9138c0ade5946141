"""Scale-out on real services: PostgreSQL, Redis, nginx, Celery (issue 18)."""
