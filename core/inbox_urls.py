"""Portal URLs of the messages in the platform (站内信), included under the portal namespace."""

from django.urls import path

from core import inbox_views

urlpatterns = [
    path("messages/", inbox_views.message_list, name="messages"),
    path("messages/read-all/", inbox_views.message_read_all, name="messages_read_all"),
    path("messages/<int:pk>/", inbox_views.message_detail, name="message"),
]
