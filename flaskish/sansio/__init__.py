"""What does no I/O: the application base :class:`~flaskish.sansio.app.App` with
its request pipeline written once (:mod:`flaskish.sansio.steps`), and Flask's
``flask.sansio`` names for the scaffold and blueprint bases.
"""
