from django.contrib.auth.decorators import login_required
from django.urls import path
from drf_spectacular.views import SpectacularSwaggerSplitView

from accounts.api import AccountEventListView, LogoutView, TokenView
from agencies.api import DepartmentListView
from audit.api import ArchiveNotesView, CaseBundleView, CaseIntegrityView
from cases.api import CaseDetailView, CaseListCreateView, CaseTransitionView
from clock.api import AddWorkingDaysView
from config.schema import SchemaView
from letters.api import CaseLettersView, LetterPdfView, LetterPreviewView, LetterReissueView
from reports.api import AnnualReportView, CaseReviewsView, ReviewDecideView
from workflow.api import (
    ConsultationAnswerView,
    ConsultationServedView,
    FeeNoticeServedView,
    TaskListView,
    TaskRespondView,
)

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("auth/logout/", LogoutView.as_view(), name="api-logout"),
    path("account-events/", AccountEventListView.as_view(), name="api-account-events"),
    path("departments/", DepartmentListView.as_view(), name="api-departments"),
    path("cases/", CaseListCreateView.as_view(), name="api-cases"),
    path("cases/<int:pk>/", CaseDetailView.as_view(), name="api-case"),
    path(
        "cases/<int:pk>/transitions/<str:name>/",
        CaseTransitionView.as_view(),
        name="api-case-transition",
    ),
    path("cases/<int:pk>/letters/", CaseLettersView.as_view(), name="api-case-letters"),
    path("letters/<int:pk>/pdf/", LetterPdfView.as_view(), name="api-letter-pdf"),
    path("letters/<int:pk>/reissue/", LetterReissueView.as_view(), name="api-letter-reissue"),
    path(
        "cases/<int:pk>/letters/preview/<str:kind>/",
        LetterPreviewView.as_view(),
        name="api-letter-preview",
    ),
    path("cases/<int:pk>/bundle/", CaseBundleView.as_view(), name="api-case-bundle"),
    path("cases/<int:pk>/integrity/", CaseIntegrityView.as_view(), name="api-case-integrity"),
    path(
        "cases/<int:pk>/archive-notes/", ArchiveNotesView.as_view(), name="api-case-archive-notes"
    ),
    path("tasks/", TaskListView.as_view(), name="api-tasks"),
    path("tasks/<int:pk>/respond/", TaskRespondView.as_view(), name="api-task-respond"),
    path(
        "consultations/<int:pk>/answer/",
        ConsultationAnswerView.as_view(),
        name="api-consultation-answer",
    ),
    path(
        "consultations/<int:pk>/served/",
        ConsultationServedView.as_view(),
        name="api-consultation-served",
    ),
    path("fee-notices/<int:pk>/served/", FeeNoticeServedView.as_view(), name="api-fee-served"),
    path("calendar/add-working-days/", AddWorkingDaysView.as_view(), name="api-add-working-days"),
    path("cases/<int:pk>/reviews/", CaseReviewsView.as_view(), name="api-case-reviews"),
    path("reviews/<int:pk>/decide/", ReviewDecideView.as_view(), name="api-review-decide"),
    path("reports/annual/", AnnualReportView.as_view(), name="api-annual-report"),
    path("schema/", SchemaView.as_view(), name="api-schema"),
    # A page for people: an anonymous visitor is sent to sign in (the schema itself answers
    # 401). The split view serves its start-up script as a file (no inline script: CSP).
    path(
        "docs/",
        login_required(
            SpectacularSwaggerSplitView.as_view(
                url_name="api-schema", template_name="api/swagger_ui.html"
            )
        ),
        name="api-docs",
    ),
]
