from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("password/", views.password_change, name="password"),
    path("two-factor/", views.two_factor, name="two_factor"),
    path("staff/", views.staff_list, name="staff"),
    path("staff/new/", views.staff_new, name="staff_new"),
    path("staff/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("staff/<int:pk>/password/", views.staff_password, name="staff_password"),
    path("staff/<int:pk>/<slug:action>/", views.staff_action, name="staff_action"),
    path("log/", views.account_log, name="log"),
]
