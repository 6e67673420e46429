"""Status pushed by a partner system (/open311/v2/push/, namespace ``open311_push``):
a Renda extension beside the standard, authenticated by the partner's key."""

app_name = "open311_push"

urlpatterns: list = []
