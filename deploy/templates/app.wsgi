# The app as mod_wsgi loads it: Apache's WSGIScriptAlias points at this file,
# and touching it makes the daemon processes reload the app.
import os
import sys

sys.path.insert(0, "{{app_dir}}")
os.environ.update({{environment}})

from {{module}} import {{app}} as application
