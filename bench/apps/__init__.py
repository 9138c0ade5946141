"""The benchmark app, written once per framework, and the Django site that hosts it."""
