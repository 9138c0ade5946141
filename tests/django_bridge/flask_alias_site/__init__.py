"""A site whose mounted app is unmodified Flask code (``from flask import ...``)."""
