from django.contrib import admin
from django.urls import include, path, register_converter

from config.converters import CaseReferenceConverter, PersonnelNumberConverter
from core import views as core_views
from core.operations.health import health
from core.sso import views as sso_views

register_converter(CaseReferenceConverter, "ref")
register_converter(PersonnelNumberConverter, "personnel")

urlpatterns = [
    path("", core_views.home, name="home"),
    path("help/", core_views.help_page, name="help"),
    path("health/", health, name="health"),
    path("login/", sso_views.LoginView.as_view(), name="login"),
    path("logout/", sso_views.LogoutView.as_view(), name="logout"),
    path("oidc/", include("core.sso.urls")),
    path("login/second-factor/", include("core.second_factor.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("reports/", include("incidents.urls")),
    path("cases/", include("workflows.documents.urls")),
    path("cases/", include("workflows.urls")),
    path("privacy/", include("workflows.retention.urls")),
    path("statistics/", include("workflows.statistics.urls")),
    path("rulebook/", include("workflows.rulebook_urls")),
    path("hearings/", include("workflows.calendar_urls")),
    path("preferences/", include("workflows.preference_urls")),
    path("admin/login/", sso_views.admin_login),
    path("admin/", admin.site.urls),
]

handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
