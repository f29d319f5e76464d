from django.contrib import admin
from django.urls import include, path

from accounts import views as accounts_views
from agencies.views import home

urlpatterns = [
    path("", home, name="home"),
    path("accounts/login/", accounts_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", accounts_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("accounts.urls")),
    # The admin's own sign-in and password pages would bypass two-factor, the lockout page
    # and the account log: they lead to ours.
    path("admin/login/", accounts_views.admin_login),
    path("admin/password_change/", accounts_views.admin_password_change),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("calendar/", include("clock.urls")),
    path("cases/", include("cases.urls")),
    path("", include("workflow.urls")),
    path("reports/", include("reports.urls")),
    path("audit/", include("audit.urls")),
    path("api/v1/", include("config.api_urls")),
]

handler400 = "config.errors.bad_request"
handler403 = "config.errors.permission_denied"
handler404 = "config.errors.page_not_found"
handler500 = "config.errors.server_error"
