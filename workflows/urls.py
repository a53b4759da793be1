from django.urls import path

from workflows import views
from workflows.defence.views import attachment_download

app_name = "workflows"
urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("deadlines/", views.deadline_dashboard, name="deadlines"),
    path("<ref:reference>/", views.case_detail, name="case_detail"),
    path("<ref:reference>/step/<str:transition>/", views.case_step, name="case_step"),
    path("<ref:reference>/action/<str:action>/", views.case_action, name="case_action"),
    path("<ref:reference>/deadlines/<int:pk>/override/", views.deadline_override_view,
         name="deadline_override"),
    path("<ref:reference>/attachments/<int:pk>/", attachment_download,
         name="attachment_download"),
    path("<ref:reference>/access-log/", views.case_access_log, name="case_access_log"),
]
