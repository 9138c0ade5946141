"""An application written for Flask 2.1 (werkzeug 2.1), left as it was.

It uses what that era offered and Flask 2.3 removed; ``test_flask_2_1_app.py``
imports and drives it on flaskish.
"""
