"""Pages of meetings: 表决."""

urlpatterns: list = []
