from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from renda.deputies import station_urls as deputy_station_urls
from renda.receptions import urls as reception_urls
from renda.stations import urls as station_urls
from renda.supervision import urls as supervision_urls

from .api import api

admin.site.site_header = "Renda 人大履职平台 · 管理后台"
admin.site.site_title = "Renda 管理后台"

urlpatterns = [
    path("", include("renda.core.urls")),
    path("", include("renda.workbench.urls")),
    # The installable shell: /sw.js, /manifest.webmanifest, /favicon.ico, /offline/.
    path("", include("renda.pwa.urls")),
    path("accounts/", include("renda.accounts.urls")),
    path("deputies/roster/", include("renda.deputies.roster_urls")),
    path("deputies/", include("renda.deputies.urls")),
    # The station registry's pages, one station's page (a deputies page: it
    # lists the station's groups and deputies) and the reception work on them
    # share the "stations" namespace (stations:detail, stations:reception_days...).
    path(
        "stations/",
        include(
            (
                station_urls.urlpatterns
                + deputy_station_urls.urlpatterns
                + reception_urls.urlpatterns,
                "stations",
            ),
        ),
    ),
    path("congresses/", include("renda.deputies.congress_urls")),
    path("suggestions/", include("renda.suggestions.urls")),
    path("notifications/", include("renda.notifications.urls")),
    path("notices/", include("renda.notices.urls")),
    path("liaison/", include("renda.liaison.urls")),
    path("supervision/", include("renda.supervision.urls")),
    path("meetings/", include("renda.meetings.urls")),
    path("duty/", include("renda.duty.urls")),
    path("hotline/", include("renda.hotline.urls")),
    # Open311 GeoReport v2 for partner systems (12345): keys, not log-in.
    path("open311/v2/push/", include("renda.hotline.urls_push")),
    path("open311/v2/", include("renda.hotline.urls_open311")),
    # Voters' rating of a report, public deputy pages and stories: no log-in.
    path("open/duty/", include(("renda.duty.urls_public", "duty_public"))),
    # Results and bulletins of closed votes: no log-in.
    path("open/votes/", include(("renda.meetings.urls_public", "meetings_public"))),
    # What supervision publishes (art. 10, 17, 29, 37, 63): no log-in.
    path("open/", include((supervision_urls.open_urlpatterns, "open"))),
    # The public side of stations: short URLs for the QR codes on notice boards.
    path("s/", include((reception_urls.public_urlpatterns, "public"))),
    # The legal calendar's admin pages were under core before it became an app.
    re_path(
        r"^admin/core/(?P<page>holidaycalendar(?:year|day)/.*)$",
        RedirectView.as_view(url="/admin/legal_calendar/%(page)s", query_string=True),
    ),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]

# A lost database raised outside a view (a middleware reading the session) answers
# 503 like one raised inside it (issue 13 §4, bench/load.py).
handler500 = "renda.core.middleware.server_error"
