"""Two apps and neither named ``app``: ambiguous without ``:name``."""

from flaskish import Flask

first = Flask("first_app")
second = Flask("second_app")
