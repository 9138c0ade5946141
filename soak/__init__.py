"""``make soak``: the sample site under gunicorn, loaded, soaked and faulted, bounded in time.

``python -m soak.run`` from the repository root; see ``soak/README.md``.
"""
