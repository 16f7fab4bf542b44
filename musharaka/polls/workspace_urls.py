"""Staff pages for polls and surveys (names: workspace:poll_*)."""

urlpatterns: list = []
