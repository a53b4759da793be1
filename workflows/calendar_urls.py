from django.urls import path

from workflows import calendar_views

app_name = "hearings"
urlpatterns = [
    path("", calendar_views.hearing_list, name="list"),
    path("<int:year>/<int:month>/", calendar_views.hearing_month, name="month"),
    path("feed/<str:token>.ics", calendar_views.hearing_feed, name="feed"),
]
