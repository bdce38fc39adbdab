"""The private reading link: /i/<token>/reading/. No account, no login; the token is the
only key. Under /i/ like the invitation links, so the log filter that redacts
/i/<token> keeps these tokens out of the logs too."""

from django.urls import path

from facilitation.views import reading as views

app_name = "reading"

urlpatterns = [
    path("<str:token>/reading/", views.reading_form, name="form"),
]
