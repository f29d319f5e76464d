from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("annual/", views.annual_report, name="annual"),
    path("annual/<int:year>/cases/", views.annual_cases, name="annual_cases"),
    path("annual/<int:year>/reviews/", views.annual_reviews, name="annual_reviews"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("cases/<int:pk>/reviews/", views.case_reviews, name="case_reviews"),
    path("reviews/<int:pk>/decide/", views.decide_review, name="decide_review"),
]
