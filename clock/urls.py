from django.urls import path

from clock import views

app_name = "clock"

urlpatterns = [
    path("", views.month, name="month"),
    path("<int:year>/<int:month>/", views.month, name="month"),
]
