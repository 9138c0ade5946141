"""Posts in Django's admin, whichever side (blog or admin) wrote them."""

from django.contrib import admin

from .models import Post


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["title", "author", "created"]
    list_filter = ["author"]
    search_fields = ["title", "body"]
