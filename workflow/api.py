from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from cases.access import get_consultation_for, get_fee_notice_for, get_task_for, tasks_for
from config.parsers import JSONParser
from workflow import services
from workflow.serializers import (
    ConsultationAnswerSerializer,
    ConsultationSerializer,
    FeeNoticeSerializer,
    ServedSerializer,
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
