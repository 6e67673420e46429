"""Pages of meetings: 表决."""

from django.urls import path

from .views import votes

urlpatterns: list = [
    path("<int:meeting_pk>/votes/new/", votes.vote_new, name="vote_new"),
    path("votes/mine/", votes.my_votes, name="my_votes"),
    path("votes/<int:pk>/", votes.vote_manage, name="vote_manage"),
    path("votes/<int:pk>/count/", votes.vote_count, name="vote_count"),
    path("votes/<int:pk>/open/", votes.vote_open, name="vote_open"),
    path("votes/<int:pk>/close/", votes.vote_close, name="vote_close"),
    path("votes/<int:pk>/withdraw/", votes.vote_withdraw, name="vote_withdraw"),
    path("votes/<int:pk>/tally/", votes.vote_tally, name="vote_tally"),
    path("votes/<int:pk>/ballot/", votes.vote_ballot, name="vote_ballot"),
]
