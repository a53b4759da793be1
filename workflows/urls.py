from django.urls import path

from workflows import views

app_name = "workflows"
urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("deadlines/", views.deadline_dashboard, name="deadlines"),
    path("<str:reference>/", views.case_detail, name="case_detail"),
    path("<str:reference>/step/<str:transition>/", views.case_step, name="case_step"),
    path("<str:reference>/assign/", views.case_assign, name="case_assign"),
    path("<str:reference>/review/", views.case_request_review, name="case_request_review"),
    path("<str:reference>/opinion/", views.case_file_opinion, name="case_file_opinion"),
    path("<str:reference>/suspension/", views.case_suspend, name="case_suspend"),
    path("<str:reference>/deadlines/<int:pk>/override/", views.deadline_override_view,
         name="deadline_override"),
    path("<str:reference>/access-log/", views.case_access_log, name="case_access_log"),
]
