from django.urls import path

from workflows import views

app_name = "workflows"
urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("deadlines/", views.deadline_dashboard, name="deadlines"),
    path("<str:reference>/", views.case_detail, name="case_detail"),
    path("<str:reference>/step/<str:transition>/", views.case_step, name="case_step"),
]
