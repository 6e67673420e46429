"""Factories of reception days (the station's working side)."""

import datetime as dt

import factory

from renda.receptions.models import ReceptionDay
from renda.stations.tests.factories import LiaisonStationFactory


class ReceptionDayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReceptionDay

    station = factory.SubFactory(LiaisonStationFactory)
    date = dt.date(2025, 6, 10)
    start_time = dt.time(9, 0)
    end_time = dt.time(11, 30)
    place = "联络站会议室"
    topic = "听取群众意见"
