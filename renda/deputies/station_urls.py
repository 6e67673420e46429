"""The station page of the deputies app, in the ``stations`` namespace.

config/urls.py mounts these under /stations/ with the station registry's and
the reception work's patterns (``stations:detail``).
"""

from django.urls import path

from . import station_views

urlpatterns = [
    path("<int:pk>/", station_views.station_detail, name="detail"),
]
