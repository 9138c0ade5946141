#!{{python}}
# The app as a CGI script: the server runs this file once per request.
import os
import sys

sys.path.insert(0, "{{app_dir}}")
os.environ.update({{environment}})

from wsgiref.handlers import CGIHandler

from {{module}} import {{app}} as application

CGIHandler().run(application)
