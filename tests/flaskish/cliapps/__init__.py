"""Small app modules that ``flaskish --app`` discovery is tested against."""
