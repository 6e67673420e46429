"""Pages of meetings: 会议."""

from django.urls import path

from .views import meetings, papers

urlpatterns: list = [
    path("", meetings.meeting_list_page, name="list"),
    path("new/", meetings.meeting_new, name="new"),
    path("mine/", meetings.mine, name="mine"),
    path("<int:pk>/", meetings.meeting_detail_page, name="detail"),
    path("<int:pk>/edit/", meetings.meeting_edit, name="edit"),
    path("<int:pk>/desk/", meetings.desk, name="desk"),
    path("<int:pk>/desk/live/", meetings.desk_quorum, name="desk_live"),
    path("<int:pk>/attendance/", meetings.attendance, name="attendance"),
    path("<int:pk>/sign-in/", meetings.sign_in, name="sign_in"),
    path("<int:pk>/open/", meetings.meeting_open, name="open"),
    path("<int:pk>/close/", meetings.meeting_close, name="close"),
    path("<int:pk>/cancel/", meetings.meeting_cancel, name="cancel"),
    path("<int:pk>/agenda/", meetings.agenda_add, name="agenda_add"),
    path("agenda/<int:item_pk>/", meetings.agenda_edit, name="agenda_edit"),
    path(
        "<int:pk>/agenda/subjects/",
        meetings.agenda_subjects,
        name="agenda_subjects",
    ),
    path("agenda/<int:item_pk>/remove/", meetings.agenda_remove, name="agenda_remove"),
    path("agenda/<int:item_pk>/move/", meetings.agenda_move, name="agenda_move"),
    path("<int:pk>/guests/", meetings.guest_add, name="guest_add"),
    path("guests/<int:guest_pk>/remove/", meetings.guest_remove, name="guest_remove"),
    path("guests/<int:guest_pk>/mark/", meetings.guest_mark, name="guest_mark"),
    path("<int:pk>/notice.docx", meetings.notice_docx, name="notice_docx"),
    path("<int:pk>/papers/", papers.papers, name="papers"),
    path("<int:pk>/papers/add/", papers.paper_add, name="paper_add"),
    path("<int:pk>/papers/send/", papers.papers_send, name="papers_send"),
    path("papers/<int:pk>/", papers.paper, name="paper"),
    path("papers/<int:pk>/remove/", papers.paper_remove, name="paper_remove"),
]
