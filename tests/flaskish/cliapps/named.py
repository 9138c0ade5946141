"""An app under the conventional name ``application``, beside another object."""

from flaskish import Flask

application = Flask("named_app")
something_else = object()
