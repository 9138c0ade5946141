#!/usr/bin/env python
"""The test site's manage.py: runs django_bridge's commands in a real project."""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bridge_site.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
