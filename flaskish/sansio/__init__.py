"""Flask's ``flask.sansio`` names: the app and blueprint bases without I/O.

flaskish has one app class and one blueprint class (its I/O is Django's), so
these modules name those classes under the paths Flask code imports them from.
"""
