from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from agencies.views import home

urlpatterns = [
    path("", home, name="home"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("calendar/", include("clock.urls")),
    path("cases/", include("cases.urls")),
    path("", include("workflow.urls")),
    path("reports/", include("reports.urls")),
    path("audit/", include("audit.urls")),
    path("api/v1/", include("config.api_urls")),
]

handler500 = "config.errors.server_error"
