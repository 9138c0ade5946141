"""Side-by-side benchmarks of flaskish against Flask 3.1 and native Django (``make bench``)."""
