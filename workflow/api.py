from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from cases.access import (
    get_case_for,
    get_consultation_for,
    get_fee_notice_for,
    get_task_for,
    tasks_for,
)
from cases.serializers import CaseSerializer
from config.parsers import JSONParser
from workflow import services
from workflow.permissions import can_hand_over, can_set_handler
from workflow.serializers import (
    ConsultationAnswerSerializer,
    ConsultationSerializer,
    FeeNoticeSerializer,
    HandOverSerializer,
    ServedSerializer,
    SetHandlerSerializer,
    TaskRespondSerializer,
    TaskSerializer,
)


class TaskListView(generics.ListAPIView):
    serializer_class = TaskSerializer

    def get_queryset(self):
        queryset = tasks_for(self.request.user)
        status = self.request.query_params.get("status")
        if status in ("open", "answered"):
            queryset = queryset.filter(status=status)
        return queryset.order_by("due_on", "id")


class TaskRespondView(APIView):
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(request=TaskRespondSerializer, responses=TaskSerializer)
    def post(self, request, pk: int):
        task = get_task_for(request.user, pk)
        data, files = request.data, request.FILES.getlist("files")
        # Never copy request.data: a deep copy of a large (temporary-file) upload fails.
        payload = {k: data.get(k) for k in data if k != "files"} if hasattr(data, "keys") else data
        if files and isinstance(payload, dict):
            payload["files"] = files  # all of them, so the serializer's limits apply
        serializer = TaskRespondSerializer(data=payload)
        serializer.is_valid(raise_exception=True)
        validated = dict(serializer.validated_data)
        task = services.respond_task(
            task=task, actor=request.user, files=validated.pop("files", []), **validated
        )
        return Response(TaskSerializer(get_task_for(request.user, task.pk)).data)


class ConsultationAnswerView(APIView):
    @extend_schema(request=ConsultationAnswerSerializer, responses=ConsultationSerializer)
    def post(self, request, pk: int):
        consultation = get_consultation_for(request.user, pk)
        serializer = ConsultationAnswerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        consultation = services.answer_consultation(
            consultation=consultation, actor=request.user, **serializer.validated_data
        )
        return Response(ConsultationSerializer(consultation).data)


class ConsultationServedView(APIView):
    """The day the party received the 征求意见书; its 15 working days run from it."""

    @extend_schema(request=ServedSerializer, responses=ConsultationSerializer)
    def post(self, request, pk: int):
        consultation = get_consultation_for(request.user, pk)
        serializer = ServedSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        consultation = services.record_consultation_service(
            consultation=consultation, actor=request.user, **serializer.validated_data
        )
        return Response(ConsultationSerializer(consultation).data)


class FeeNoticeServedView(APIView):
    """The day the applicant received the 收费通知书; 20 working days to pay from the next."""

    @extend_schema(request=ServedSerializer, responses=FeeNoticeSerializer)
    def post(self, request, pk: int):
        notice = get_fee_notice_for(request.user, pk)
        serializer = ServedSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        notice = services.record_fee_service(
            notice=notice, actor=request.user, **serializer.validated_data
        )
        return Response(FeeNoticeSerializer(notice).data)


def staff_of(agency, pk):
    """A user of ``agency`` by id, or None (someone elsewhere is nobody here)."""
    return (
        get_user_model()
        .objects.select_related("membership")
        .filter(pk=pk, membership__agency_id=agency.pk)
        .first()
    )


class CaseHandlerView(APIView):
    """POST /api/v1/cases/{id}/handler/ with ``{"handler": <user id>, "reason"}``."""

    @extend_schema(request=SetHandlerSerializer, responses=CaseSerializer)
    def post(self, request, pk: int):
        case = get_case_for(request.user, pk)
        if not can_set_handler(case, request.user):
            raise PermissionDenied(_("您无权指定或更换本案承办人。"))
        serializer = SetHandlerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        handler = staff_of(case.agency, serializer.validated_data["handler"])
        if handler is None:
            raise serializers_error("handler", _("只能指定本机关在职的承办人。"))
        services.set_handler(
            case=case, actor=request.user, handler=handler,
            reason=serializer.validated_data["reason"],
        )
        fresh = get_case_for(request.user, pk)
        return Response(CaseSerializer(fresh, context={"request": request}).data)


class HandOverView(APIView):
    """POST /api/v1/handover/ with ``{"from_user", "to_user", "reason"}``: every open case of
    one handler to another; returns the ids of the cases handed over."""

    @extend_schema(request=HandOverSerializer, responses={200: dict})
    def post(self, request):
        membership = getattr(request.user, "membership", None)
        if membership is None or not can_hand_over(membership.agency, request.user, request.user):
            raise PermissionDenied(_("您无权移交案件。"))
        serializer = HandOverSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        agency = membership.agency
        from_user = staff_of(agency, data["from_user"])
        if from_user is None:
            raise serializers_error("from_user", _("原承办人不存在或不属于本机关。"))
        if not can_hand_over(agency, request.user, from_user):
            raise PermissionDenied(_("您无权移交该承办人的案件。"))
        to_user = staff_of(agency, data["to_user"])
        if to_user is None:
            raise serializers_error("to_user", _("只能移交给本机关在职的承办人。"))
        moved = services.hand_over_cases(
            agency=agency, actor=request.user, from_user=from_user, to_user=to_user,
            reason=data["reason"],
        )
        return Response({"count": len(moved), "cases": [c.pk for c in moved]})


def serializers_error(field: str, message: str) -> ValidationError:
    return ValidationError({field: [message]})
