"""The site's URLconf: Django's own pages, the admin, and the Flask-style blog at /blog/."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.views import LogoutView
from django.urls import path

import blog
import posts.views
from django_bridge import mount, takeover
from home import views as home

urlpatterns = [
    path("", home.index, name="home"),
    path("me/", home.me, name="me"),
    path("logout/", LogoutView.as_view(next_page="home"), name="logout"),
    path("admin/", admin.site.urls),
    # Step 3: the blog's index is a native Django view now, rendering the
    # blog's own Jinja template. The URL name stays "blog:posts.index" (the
    # blueprint's rule). Delete this line to hand /blog/ back to the Flask view.
    takeover("blog:posts.index", posts.views.index),
    # Step 1: the Flask-style app, as it is, under /blog/ (namespace "blog"):
    # the site calls the factory once. Step 2 added csrf=True: its forms carry
    # Django's token now that it logs visitors into the whole site.
    mount("blog/", blog.create_app, csrf=True),
]
