from django.urls import path

from trackii.organizations import views

app_name = "organizations"

urlpatterns = [
    path("<int:org_id>/", views.org_detail, name="detail"),
    path("<int:org_id>/members/<int:membership_id>/", views.org_member, name="member"),
    path(
        "<int:org_id>/members/<int:membership_id>/role/",
        views.org_member_role,
        name="member-role",
    ),
    path(
        "<int:org_id>/members/<int:membership_id>/remove/",
        views.org_member_remove,
        name="member-remove",
    ),
    path(
        "<int:org_id>/members/<int:membership_id>/deactivate/",
        views.org_member_deactivate,
        name="member-deactivate",
    ),
]
