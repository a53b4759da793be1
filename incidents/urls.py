from django.urls import path

from incidents import views

app_name = "incidents"
urlpatterns = [
    path("", views.my_reports, name="my_reports"),
    path("new/", views.report_create, name="report_create"),
    path("<int:pk>/", views.report_detail, name="report_detail"),
    path("<int:pk>/edit/", views.report_edit, name="report_edit"),
    path("<int:pk>/delete/", views.report_delete, name="report_delete"),
    path("<int:pk>/submit/", views.report_submit, name="report_submit"),
    path("<int:pk>/addendum/", views.addendum_create, name="addendum_create"),
    path("<int:pk>/evidence/<int:evidence_pk>/", views.evidence_download, name="evidence_download"),
]
