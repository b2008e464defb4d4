from django.urls import include, path

from orgs.views import portal

urlpatterns = [
    path("", portal.home, name="home"),
    path("orgs/new/", portal.organization_create, name="org_create"),
    path("orgs/<int:pk>/", portal.organization_detail, name="org_detail"),
    path("orgs/<int:pk>/edit/", portal.organization_edit, name="org_edit"),
    path("orgs/<int:pk>/bank-account/", portal.bank_account_edit, name="org_bank_account"),
    path(
        "orgs/<int:pk>/transition/<slug:name>/",
        portal.organization_transition,
        name="org_transition",
    ),
    path("orgs/<int:pk>/members/invite/", portal.member_invite, name="member_invite"),
    path(
        "orgs/<int:pk>/members/<int:membership_pk>/remove/",
        portal.member_remove,
        name="member_remove",
    ),
    path("orgs/<int:pk>/documents/upload/", portal.document_upload, name="document_upload"),
    path(
        "orgs/<int:pk>/documents/<int:document_pk>/",
        portal.document_download,
        name="document_download",
    ),
    path(
        "orgs/<int:pk>/documents/<int:document_pk>/thumbnail/",
        portal.document_thumbnail,
        name="document_thumbnail",
    ),
    path(
        "orgs/<int:pk>/documents/<int:document_pk>/delete/",
        portal.document_delete,
        name="document_delete",
    ),
    path("invitations/<str:token>/", portal.invitation_accept, name="invitation_accept"),
    path("", include("orgs.urls.incubation")),
]
