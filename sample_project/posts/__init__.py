"""The blog's data as a Django app: the ``Post`` model, its admin, and the views moved to Django."""
