from django.urls import path

from workflow import views

app_name = "workflow"

urlpatterns = [
    path("cases/<int:pk>/actions/<str:name>/", views.fire_transition, name="fire"),
    path(
        "consultations/<int:pk>/answer/",
        views.answer_consultation,
        name="answer_consultation",
    ),
    path(
        "consultations/<int:pk>/served/",
        views.consultation_served,
        name="consultation_served",
    ),
    path("fee-notices/<int:pk>/served/", views.fee_notice_served, name="fee_notice_served"),
    path("tasks/", views.inbox, name="inbox"),
    path("tasks/<int:pk>/", views.task_detail, name="task"),
    path("approvals/", views.approvals, name="approvals"),
]
