"""双联 records: contacts and logs, group activities, committee and coordination meetings."""

from django.urls import path

from . import views

urlpatterns = [
    # Contacts (联系代表)
    path("my/contacts/", views.my_contacts, name="my_contacts"),
    path("contacts/", views.contacts, name="contacts"),
    path(
        "leaders/<int:pk>/contacts/",
        views.leader_contacts_view,
        name="leader_contacts",
    ),
    path(
        "leaders/<int:pk>/contacts/deputies/",
        views.contact_deputy_options,
        name="contact_deputy_options",
    ),
    path("contacts/<int:pk>/", views.contact_detail, name="contact_detail"),
    path("contacts/<int:pk>/end/", views.contact_end, name="contact_end"),
    path("my/leaders/", views.my_leaders, name="my_leaders"),
    # Group activities (代表小组活动)
    path("activities/", views.activities, name="activities"),
    path("activities/new/", views.activity_new, name="activity_new"),
    path("activities/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("my/activities/", views.my_activities, name="my_activities"),
    # Committee meetings and observers (列席)
    path("meetings/", views.meetings, name="meetings"),
    path("meetings/new/", views.meeting_new, name="meeting_new"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path(
        "meetings/<int:pk>/deputies/",
        views.meeting_observer_options,
        name="meeting_observer_options",
    ),
    path("meetings/<int:pk>/invite/", views.meeting_invite, name="meeting_invite"),
    path(
        "meetings/<int:pk>/attendance/",
        views.meeting_attendance,
        name="meeting_attendance",
    ),
    path(
        "meetings/<int:pk>/observers/<int:observer_pk>/remove/",
        views.meeting_observer_remove,
        name="meeting_observer_remove",
    ),
    path("my/meetings/", views.my_meetings, name="my_meetings"),
    # Coordination meetings (工作调度会)
    path("coordination/", views.coordination, name="coordination"),
    path("coordination/new/", views.coordination_new, name="coordination_new"),
]
