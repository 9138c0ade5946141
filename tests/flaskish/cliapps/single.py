"""One app under an unconventional name: found as the only Flask instance."""

from flaskish import Flask

my_app = Flask("single_app")
