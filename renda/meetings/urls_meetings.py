"""Pages of meetings: 会议."""

urlpatterns: list = []
