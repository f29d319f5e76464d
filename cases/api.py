from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from audit.models import ViewKind
from audit.services import record_view
from cases.access import cases_for, get_case_for
from cases.intake import possible_duplicates
from cases.models import Case
from cases.search import search_cases
from cases.serializers import CaseCreateSerializer, CaseSerializer, CaseSummarySerializer
from cases.services import register_case
from rules.states import OPEN_STATES
from workflow.actions import transition_action
from workflow.permissions import can_register_in


class CaseFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Case._meta.get_field("status").choices, required=False)
    q = serializers.CharField(required=False, max_length=100)
    overdue = serializers.BooleanField(required=False, allow_null=True, default=None)
    due_before = serializers.DateField(required=False)
    mine = serializers.BooleanField(required=False, allow_null=True, default=None)


def filter_cases(queryset, params: dict, user=None):
    """The filters shared by the case list page and the API (``mine``: the cases whose
    承办人 is ``user``)."""
    if params.get("mine") and user is not None:
        queryset = queryset.handled_by(user)
    if params.get("status"):
        queryset = queryset.filter(status=params["status"])
    queryset = search_cases(queryset, params.get("q"))
    if params.get("overdue"):
        queryset = queryset.filter(status__in=OPEN_STATES, reply_due__lt=timezone.localdate())
    if params.get("due_before"):
        queryset = queryset.filter(status__in=OPEN_STATES, reply_due__lte=params["due_before"])
    return queryset


@extend_schema(parameters=[CaseFilterSerializer])
class CaseListCreateView(generics.ListCreateAPIView):
    def get_serializer_class(self):
        return CaseCreateSerializer if self.request.method == "POST" else CaseSummarySerializer

    def get_queryset(self):
        params = CaseFilterSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        queryset = cases_for(self.request.user).select_related("applicant", "handler")
        return filter_cases(queryset, params.validated_data, self.request.user).order_by(
            "-received_on", "-id"
        )

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
