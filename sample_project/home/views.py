"""Native Django views that live beside the mounted blog and share its login."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from posts.models import Post


def index(request: HttpRequest) -> HttpResponse:
    """The site's front page: who is logged in, and links into the blog."""
    latest = Post.objects.select_related("author")[:3]
    return render(request, "home/index.html", {"latest": latest})


@login_required
def me(request: HttpRequest) -> HttpResponse:
    """A Django page behind ``@login_required``; the login it asks for is the blog's."""
    posts = request.user.posts.all()
    return render(request, "home/me.html", {"posts": posts})
