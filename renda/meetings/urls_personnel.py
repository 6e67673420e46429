"""Pages of meetings: 任免与票决评议."""

urlpatterns: list = []
