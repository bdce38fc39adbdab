"""URLs of organizations: their own pages (/o/<id>/…, administrators only) and the
invitation link (/join/<token>/).

Every pattern added here needs its case in the privacy matrix (tests/privacy/).
"""

from django.urls import path

from trackii.organizations import views

app_name = "organizations"

urlpatterns = [
    path("join/<str:token>/", views.invitation_accept, name="invitation-accept"),
    path("o/<int:org_id>/", views.org_detail, name="detail"),
    path(
        "o/<int:org_id>/invitations/<int:invitation_id>/resend/",
        views.org_invitation_resend,
        name="invitation-resend",
    ),
    path(
        "o/<int:org_id>/invitations/<int:invitation_id>/revoke/",
        views.org_invitation_revoke,
        name="invitation-revoke",
    ),
    path("o/<int:org_id>/members/<int:membership_id>/", views.org_member, name="member"),
    path(
        "o/<int:org_id>/members/<int:membership_id>/role/",
        views.org_member_role,
        name="member-role",
    ),
    path(
        "o/<int:org_id>/members/<int:membership_id>/remove/",
        views.org_member_remove,
        name="member-remove",
    ),
    path(
        "o/<int:org_id>/members/<int:membership_id>/deactivate/",
        views.org_member_deactivate,
        name="member-deactivate",
    ),
]
