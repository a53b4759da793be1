from django.urls import path

from workflows import export_views, views
from workflows.defence.views import attachment_download

app_name = "workflows"
urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("deadlines/", views.deadline_dashboard, name="deadlines"),
    path("assign/", views.triage_assign, name="triage_assign"),
    path("export.<str:fmt>", export_views.case_list_export, name="case_list_export"),
    path("deadlines/export.<str:fmt>", export_views.deadlines_export, name="deadlines_export"),
    path("<ref:reference>/", views.case_detail, name="case_detail"),
    path("<ref:reference>/step/<str:transition>/", views.case_step, name="case_step"),
    path("<ref:reference>/action/<str:action>/", views.case_action, name="case_action"),
    path("<ref:reference>/deadlines/<int:pk>/proceed-late/", views.deadline_proceed_late_view,
         name="deadline_proceed_late"),
    path("<ref:reference>/deadlines/<int:pk>/correct-start/", views.deadline_correct_start_view,
         name="deadline_correct_start"),
    path("<ref:reference>/attachments/<int:pk>/", attachment_download,
         name="attachment_download"),
    path("<ref:reference>/access-log/", views.case_access_log, name="case_access_log"),
]
