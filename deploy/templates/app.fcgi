#!{{python}}
# The app as a FastCGI server (flup): nginx's fastcgi_pass talks to the socket it
# binds; lighttpd starts the file itself and hands it the socket (bind_address None).
import os
import sys

sys.path.insert(0, "{{app_dir}}")
os.environ.update({{environment}})

from flup.server.fcgi import WSGIServer

from {{module}} import {{app}} as application

if __name__ == "__main__":
    WSGIServer(application, bindAddress={{bind_address}}).run()
