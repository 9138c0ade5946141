"""``manage.py flask``: flaskish's CLI for the site's apps."""
