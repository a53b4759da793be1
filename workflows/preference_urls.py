from django.urls import path

from workflows import preference_views

app_name = "preferences"
urlpatterns = [
    path("", preference_views.preferences, name="page"),
    path("calendar/new/", preference_views.calendar_address_renew, name="calendar_renew"),
    path("calendar/revoke/", preference_views.calendar_address_revoke, name="calendar_revoke"),
]
