"""Public pages of votes (namespace ``meetings_public``, under /open/votes/): the
results of closed votes and their bulletins; no log-in, never who voted how."""

urlpatterns: list = []
