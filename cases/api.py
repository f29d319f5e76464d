from django.utils.translation import gettext_lazy as _
from django_filters.utils import translate_validation
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from audit.models import ViewKind
from audit.services import record_view
from cases.access import cases_for, get_case_for
from cases.filters import CaseFilter
from cases.intake import possible_duplicates
from cases.search import LIST_ORDER, CappedPaginator, list_source
from cases.serializers import CaseCreateSerializer, CaseSerializer, CaseSummarySerializer
from cases.services import register_case
from config.api import Pagination
from workflow.actions import transition_action
from workflow.permissions import can_register_in


class CasePagination(Pagination):
    """Counts stop at LIST_COUNT_CAP: past it ``count`` is the cap + 1 and the response carries
    ``X-Count-Capped: true`` (the body keeps api.md's four keys)."""

    django_paginator_class = CappedPaginator

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        if self.page.paginator.capped:
            response["X-Count-Capped"] = "true"
        return response


class CaseListCreateView(generics.ListCreateAPIView):
    filterset_class = CaseFilter  # invalid values: 400 naming the field (as DjangoFilterBackend)
    pagination_class = CasePagination

    def get_serializer_class(self):
        return CaseCreateSerializer if self.request.method == "POST" else CaseSummarySerializer

    def get_queryset(self):
        return cases_for(self.request.user).select_related("applicant").order_by(*LIST_ORDER)

    def list(self, request, *args, **kwargs):
        # The filterset narrows in SQL; ``q`` is then read ids first (cases.search).
        filterset = CaseFilter(
            request.query_params, queryset=self.get_queryset(), request=request, ids_first=True
        )
        if not filterset.is_valid():
            raise translate_validation(filterset.errors)
        source = list_source(filterset.qs, filterset.form.cleaned_data.get("q"))
        page = self.paginate_queryset(source)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(request=CaseCreateSerializer, responses={201: CaseSerializer})
    def post(self, request):
        membership = getattr(request.user, "membership", None)
        if membership is None or not can_register_in(membership.agency, request.user):
            raise PermissionDenied(_("您无权登记申请。"))
        serializer = CaseCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        applicant = data.pop("applicant")
        repeat_id = data.pop("repeat_of", None)
        repeat_of = None
        if repeat_id is not None:
            repeat_of = cases_for(request.user).filter(pk=repeat_id).first()
            if repeat_of is None:
                raise serializers.ValidationError({"repeat_of": [_("关联的案件不存在。")]})
        duplicates = possible_duplicates(
            agency=membership.agency,
            id_number=applicant["id_number"],
            description=data["description"],
        )
        case = register_case(
            agency=membership.agency,
            actor=request.user,
            applicant=applicant,
            repeat_of=repeat_of,
            **data,
        )
        body = CaseSerializer(
            get_case_for(request.user, case.pk), context={"request": request}
        ).data
        body["possible_duplicates"] = [
            {
                "id": d.pk,
                "number": d.number,
                "received_on": d.received_on.isoformat(),
                "description": d.description[:200],
                "similarity": d.similarity,
            }
            for d in duplicates
        ]
        if case.receipt_problem:  # registered all the same; the receipt alone was refused
            body["receipt_problem"] = case.receipt_problem
        return Response(body, status=status.HTTP_201_CREATED)


class CaseDetailView(APIView):
    @extend_schema(responses=CaseSerializer)
    def get(self, request, pk: int):
        case = get_case_for(request.user, pk)
        record_view(request.user, case, ViewKind.CASE)  # auditors' reads are logged
        return Response(CaseSerializer(case, context={"request": request}).data)


class CaseTransitionView(APIView):
    """POST /api/v1/cases/{id}/transitions/{name}/ with the transition's payload."""

    @extend_schema(request=None, responses=CaseSerializer)
    def post(self, request, pk: int, name: str):
        case = get_case_for(request.user, pk)
        declared = transition_action(name)
        if declared is None:
            return Response({"detail": str(_("没有这个操作。"))}, status=status.HTTP_404_NOT_FOUND)
        if not declared.allowed(case, request.user):
            raise PermissionDenied(_("您无权执行此操作。"))
        serializer = declared.serializer(data=request.data or {})
        serializer.is_valid(raise_exception=True)
        declared.fire(case=case, actor=request.user, data=serializer.validated_data)
        fresh = get_case_for(request.user, pk)
        return Response(CaseSerializer(fresh, context={"request": request}).data)
