"""Pages of meetings: 主任会议决定."""

urlpatterns: list = []
