from django.urls import path

from dialogues.views import members as views

urlpatterns = [
    path("members/", views.member_list, name="member-list"),
    path("members/<int:membership_id>/role/", views.member_role, name="member-role"),
    path("members/<int:membership_id>/remove/", views.member_remove, name="member-remove"),
    path(
        "members/invitations/<int:invitation_id>/resend/",
        views.member_invitation_resend,
        name="member-invitation-resend",
    ),
    path(
        "members/invitations/<int:invitation_id>/revoke/",
        views.member_invitation_revoke,
        name="member-invitation-revoke",
    ),
    path("audit/", views.audit_list, name="audit-list"),
]
