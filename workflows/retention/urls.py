from django.urls import path

from workflows.retention import views

app_name = "retention"
urlpatterns = [
    path("employees/<personnel:personnel_number>/export/", views.subject_access_export_view,
         name="subject_access_export"),
    path("cases/<ref:reference>/legal-hold/", views.case_legal_hold_view, name="case_legal_hold"),
]
