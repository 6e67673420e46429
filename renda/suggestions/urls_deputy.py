"""URL patterns of the suggestion pages for: deputy (joined in urls.py).

The detail page and attachment downloads are shared by every role.
"""

from django.urls import path

from .views import deputy as views
from .views import drafts

urlpatterns: list = [
    path("my/", views.my_suggestions, name="my"),
    path("new/", views.suggestion_new, name="new"),
    path("new/cosigners/", views.cosigner_options, name="cosigner_options"),
    path("new/duplicates/", views.duplicate_hints, name="duplicate_hints"),
    path("<int:pk>/", views.suggestion_detail, name="detail"),
    path("<int:pk>/edit/", views.suggestion_edit, name="edit"),
    path("<int:pk>/discard/", drafts.suggestion_discard, name="discard"),
    path("replies/<int:pk>/rate/", views.reply_rate, name="rate"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
]
