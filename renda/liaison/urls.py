"""双联 pages: records, late entries, the rules dashboard and statistics."""

from django.urls import path

from .views import activities, contacts, coordination, dashboard, late_entries, meetings

app_name = "liaison"

records = [
    # Contacts (联系代表)
    path("my/contacts/", contacts.my_contacts, name="my_contacts"),
    path("contacts/", contacts.contacts, name="contacts"),
    path(
        "leaders/<int:pk>/contacts/",
        contacts.leader_contacts_view,
        name="leader_contacts",
    ),
    path(
        "leaders/<int:pk>/contacts/deputies/",
        contacts.contact_deputy_options,
        name="contact_deputy_options",
    ),
    path("contacts/<int:pk>/", contacts.contact_detail, name="contact_detail"),
    path("contacts/<int:pk>/end/", contacts.contact_end, name="contact_end"),
    path("my/leaders/", contacts.my_leaders, name="my_leaders"),
    # Group activities (代表小组活动)
    path("activities/", activities.activities, name="activities"),
    path("activities/new/", activities.activity_new, name="activity_new"),
    path("activities/<int:pk>/", activities.activity_detail, name="activity_detail"),
    path("my/activities/", activities.my_activities, name="my_activities"),
    # Committee meetings and observers (列席)
    path("meetings/", meetings.meetings, name="meetings"),
    path("meetings/new/", meetings.meeting_new, name="meeting_new"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path(
        "meetings/<int:pk>/deputies/",
        meetings.meeting_observer_options,
        name="meeting_observer_options",
    ),
    path("meetings/<int:pk>/invite/", meetings.meeting_invite, name="meeting_invite"),
    path(
        "meetings/<int:pk>/attendance/",
        meetings.meeting_attendance,
        name="meeting_attendance",
    ),
    path(
        "meetings/<int:pk>/observers/<int:observer_pk>/remove/",
        meetings.meeting_observer_remove,
        name="meeting_observer_remove",
    ),
    path("my/meetings/", meetings.my_meetings, name="my_meetings"),
    # Coordination meetings (工作调度会)
    path("coordination/", coordination.coordination, name="coordination"),
    path("coordination/new/", coordination.coordination_new, name="coordination_new"),
    # Late entries (补录)
    path("late-entries/", late_entries.late_entries, name="late_entries"),
    path(
        "late-entries/<slug:kind>/<int:pk>/confirm/",
        late_entries.late_entry_confirm,
        name="late_entry_confirm",
    ),
]

reports = [
    path("rules/", dashboard.dashboard, name="dashboard"),
    path("stats/", dashboard.stats, name="stats"),
    path("stats/export/", dashboard.stats_export, name="stats_export"),
]

urlpatterns = [*records, *reports]
