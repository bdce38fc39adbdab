"""Funders, funding and reporting obligations (organizers only)."""

from django.urls import path

from dialogues.views import funding as views

urlpatterns = [
    path("funding/", views.funding_list, name="funding-list"),
    path("funding/new/", views.funding_create, name="funding-create"),
    path("funding/<int:funding_id>/edit/", views.funding_edit, name="funding-edit"),
    path(
        "funding/<int:funding_id>/obligations/new/",
        views.obligation_create,
        name="obligation-create",
    ),
    path(
        "funding/obligations/<int:obligation_id>/edit/",
        views.obligation_edit,
        name="obligation-edit",
    ),
    path(
        "funding/obligations/<int:obligation_id>/done/",
        views.obligation_done,
        name="obligation-done",
    ),
    path("funders/new/", views.funder_create, name="funder-create"),
    path("funders/<int:funder_id>/link-user/", views.funder_link_user, name="funder-link-user"),
    path(
        "funders/<int:funder_id>/unlink-user/",
        views.funder_unlink_user,
        name="funder-unlink-user",
    ),
]
