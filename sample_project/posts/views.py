"""Blog views moved to native Django (step 3 of the migration in README.md).

``index`` takes over the ``index`` view of the blog's ``posts`` blueprint
(``blog/posts.py``) and renders the blog's own Jinja template,
``blog/templates/posts/index.html``, unchanged, through the ``blog`` template
engine (``django_bridge.templates.FlaskishJinja2`` in the settings).
``sample_site/urls.py`` gives it the endpoint with ``takeover()``; the URL name
``blog:posts.index`` is still the blueprint's rule, so every
``url_for("posts.index")`` and ``{% url "blog:posts.index" %}`` is unchanged.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .models import Post


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """Every post, newest first, with edit links on the visitor's own."""
    posts = Post.objects.select_related("author")
    context = {"posts": posts, "served_by": "a native Django view"}
    return render(request, "posts/index.html", context, using="blog")
