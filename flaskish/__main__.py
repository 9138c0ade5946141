"""``python -m flaskish``: the same as the ``flaskish`` command."""

from .cli import main

main()
