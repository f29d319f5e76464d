from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from notifications import services
from notifications.access import get_notification_for, notifications_for
from notifications.models import Notification


class NotificationSerializer(serializers.ModelSerializer):
    case_number = serializers.CharField(source="case.number", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Notification
        fields = [
            "id", "kind", "kind_display", "case", "case_number", "task", "text", "created_at",
            "read_at",
        ]
        read_only_fields = fields


class NotificationFilterSerializer(serializers.Serializer):
    unread = serializers.BooleanField(required=False, allow_null=True, default=None)


@extend_schema(parameters=[NotificationFilterSerializer])
class NotificationListView(generics.ListAPIView):
    """GET /api/v1/notifications/?unread=true: the user's own notices, newest first."""

    serializer_class = NotificationSerializer

    def get_queryset(self):
        params = NotificationFilterSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        queryset = notifications_for(self.request.user).select_related("case")
        if params.validated_data.get("unread"):
            queryset = queryset.filter(read_at__isnull=True)
        return queryset.order_by("-created_at", "-id")


class NotificationReadView(APIView):
    """POST /api/v1/notifications/{id}/read/."""

    @extend_schema(request=None, responses=NotificationSerializer)
    def post(self, request, pk: int):
        notification = services.mark_read(
            notification=get_notification_for(request.user, pk)
        )
        return Response(NotificationSerializer(notification).data)
