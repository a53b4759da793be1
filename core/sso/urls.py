from django.urls import path

from core.sso import views

# The names are mozilla-django-oidc's: its views reverse them.
urlpatterns = [
    path("authenticate/", views.authentication_request, name="oidc_authentication_init"),
    path("callback/", views.callback, name="oidc_authentication_callback"),
]
