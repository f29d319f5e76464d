from django.urls import path

from cases import views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_new, name="new"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/sheet/", views.case_sheet, name="sheet"),
    path("<int:pk>/correct/", views.case_correct, name="correct"),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/", views.attachment, name="attachment"
    ),
]
