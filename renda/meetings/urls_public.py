"""Public pages of votes (namespace ``meetings_public``, under /open/votes/): the
results of closed votes and their bulletins; no log-in, never who voted how."""

from django.urls import path

from .views import public

urlpatterns: list = [
    path("", public.vote_list, name="list"),
    path("<int:pk>/", public.vote_bulletin, name="bulletin"),
    path("<int:pk>/verify/", public.vote_verify, name="verify"),
]
