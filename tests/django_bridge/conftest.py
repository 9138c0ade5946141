"""The Django test site lives in bridge_site/ beside this file."""
