"""Pages of the duty app: scores (namespace ``duty``)."""

from django.urls import path

from .views import scores

urlpatterns: list = [
    path("board/", scores.board, name="board"),
    path("board/ranking.xlsx", scores.board_xlsx, name="board_xlsx"),
    path("scores/publish/", scores.publish, name="publish"),
    path("scores/close/", scores.year_close, name="year_close"),
    path("rules/", scores.rules_list, name="rules"),
    path("rules/new/", scores.rules_new, name="rules_new"),
    path("rules/<int:pk>/", scores.rules_detail, name="rules_detail"),
    path("corrections/", scores.corrections, name="corrections"),
    path("corrections/<int:pk>/", scores.correction_detail, name="correction_detail"),
    path("alerts/", scores.alerts, name="alerts"),
    path("alerts/<int:pk>/", scores.alert_detail, name="alert_detail"),
    path("me/scores/", scores.my_scores, name="my_scores"),
]
