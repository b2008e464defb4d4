"""Public needs pages (/needs/): the board, one page per published need, the public form and
recommendation meeting results."""

from django.urls import path

from needs.views import public as views

app_name = "needs_public"

urlpatterns = [
    path("", views.board, name="board"),
    path("<int:pk>/", views.detail, name="detail"),
    path("submit/", views.submit, name="submit"),
    path("submit/done/", views.submitted, name="submitted"),
    path("meetings/", views.meetings, name="meetings"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
]
