"""A module with no app and no factory."""

VALUE = 1
