"""The site's URLs with stand-ins for the meetings' pages (namespace ``meetings``),
so that the workbench's meeting tiles and entries can be tested before (and
whatever) those pages render. The stand-ins answer 200 with no content."""

from django.http import HttpResponse
from django.urls import include, path

from config.urls import urlpatterns as site


def _stand_in(request, *args, **kwargs):
    return HttpResponse("")


stand_ins = (
    [
        path("", _stand_in, name="list"),
        path("mine/", _stand_in, name="mine"),
        path("<int:pk>/", _stand_in, name="detail"),
        path("<int:pk>/desk/", _stand_in, name="desk"),
        path("papers/<int:pk>/", _stand_in, name="paper"),
        path("votes/mine/", _stand_in, name="my_votes"),
        path("votes/<int:pk>/", _stand_in, name="vote_manage"),
        path("votes/<int:pk>/ballot/", _stand_in, name="vote_ballot"),
    ],
    "meetings",
)

urlpatterns = [
    path("meetings/", include(stand_ins)),
    *[p for p in site if getattr(p, "namespace", None) != "meetings"],
]
