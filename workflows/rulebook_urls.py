from django.urls import path

from workflows import rulebook_views as views

app_name = "rulebook"
urlpatterns = [
    path("", views.rulebook, name="rulebook"),
    path("<str:kind>/<int:pk>/confirm/", views.rule_confirm_view, name="confirm"),
    path("<str:kind>/<int:pk>/correct/", views.rule_correct_view, name="correct"),
]
