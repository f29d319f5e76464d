from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.response import Response
from rest_framework.views import APIView

from reports import exports, services
from reports.access import get_case_for_reviews, get_review_for, report_scope
from reports.annual import compute_annual_report
from reports.models import ReviewRecord
from reports.serializers import (
    AnnualReportQuerySerializer,
    ReviewCreateSerializer,
    ReviewDecideSerializer,
    ReviewRecordSerializer,
)


class FormatIsAParameter(DefaultContentNegotiation):
    """``format`` is this endpoint's own parameter (xlsx, csv), not DRF's renderer override;
    errors are always JSON."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


def refused(report) -> Response:
    return Response(
        {
            "detail": _(
                "本年度报表勾稽关系不成立（一+二≠(七)+四）或有案件数据无法归类，不能导出；"
                "请先更正下列案件。"
            ),
            "balance": report.balance,
            "cases": [p.as_dict() for p in report.shown_problems],
        },
        status=status.HTTP_409_CONFLICT,
    )


def download(content: bytes | str, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


class AnnualReportView(APIView):
    """GET /api/v1/reports/annual/?year=YYYY[&agency=<id>][&format=xlsx|csv]"""

    content_negotiation_class = FormatIsAParameter

    @extend_schema(
        parameters=[AnnualReportQuerySerializer],
        responses={
            200: OpenApiResponse(OpenApiTypes.OBJECT, description="annual-report.md"),
            409: OpenApiResponse(OpenApiTypes.OBJECT, description="inconsistent table"),
        },
    )
    def get(self, request):
        params = AnnualReportQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        agency = report_scope(request.user, data.get("agency"))
        report = compute_annual_report(year=data["year"], agency=agency)
        if data["format"] == "json":
            return Response(report.as_json())
        if not report.consistent:
            return refused(report)
        if data["format"] == "xlsx":
            return download(
                exports.xlsx_bytes(report),
                exports.XLSX_CONTENT_TYPE,
                exports.filename(report, "xlsx"),
            )
        return download(
            exports.csv_text(report).encode("utf-8"),
            exports.CSV_CONTENT_TYPE,
            exports.filename(report, "csv"),
        )


class CaseReviewsView(generics.ListCreateAPIView):
    """GET/POST /api/v1/cases/{id}/reviews/: reconsideration and litigation of a case."""

    serializer_class = ReviewRecordSerializer
    queryset = ReviewRecord.objects.none()  # for the schema; the real one is per case

    def get_queryset(self):
        case = get_case_for_reviews(self.request.user, self.kwargs["pk"])
        return case.reviews.select_related("case", "recorded_by").order_by("filed_on", "id")

    @extend_schema(request=ReviewCreateSerializer, responses={201: ReviewRecordSerializer})
    def post(self, request, pk: int):
        case = get_case_for_reviews(request.user, pk)
        serializer = ReviewCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        record = services.record_review(case=case, actor=request.user, **serializer.validated_data)
        return Response(ReviewRecordSerializer(record).data, status=status.HTTP_201_CREATED)


class ReviewDecideView(APIView):
    """POST /api/v1/reviews/{id}/decide/: the result of a pending review, once."""

    @extend_schema(request=ReviewDecideSerializer, responses=ReviewRecordSerializer)
    def post(self, request, pk: int):
        review = get_review_for(request.user, pk)
        serializer = ReviewDecideSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        review = services.decide_review(
            review=review, actor=request.user, **serializer.validated_data
        )
        return Response(ReviewRecordSerializer(review).data)
