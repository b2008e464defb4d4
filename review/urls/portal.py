from django.urls import path

from review.views import portal

urlpatterns = [
    path("review/", portal.assignment_list, name="review_assignments"),
    path("review/assignments/<int:pk>/", portal.assignment_detail, name="review_assignment"),
    path(
        "review/assignments/<int:pk>/declare/",
        portal.assignment_declare,
        name="review_assignment_declare",
    ),
    path("review/assignments/<int:pk>/sheet/", portal.sheet_save, name="review_sheet_save"),
    path("review/assignments/<int:pk>/pdf/", portal.assignment_pdf, name="review_assignment_pdf"),
    path("review/seats/<int:pk>/decline/", portal.seat_decline, name="review_seat_decline"),
]
