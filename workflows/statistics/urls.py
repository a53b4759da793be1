from django.urls import path

from workflows.statistics import views

app_name = "statistics"
urlpatterns = [
    path("", views.statistics_page, name="page"),
    path("export.<str:fmt>", views.statistics_export, name="export"),
    path("annual-report.pdf", views.annual_report, name="annual_report"),
]
