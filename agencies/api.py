from rest_framework import generics, serializers

from agencies.models import Department


class DepartmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["id", "name"]


class DepartmentListView(generics.ListAPIView):
    """The departments of the user's own agency."""

    serializer_class = DepartmentSerializer

    def get_queryset(self):
        membership = getattr(self.request.user, "membership", None)
        if membership is None:
            return Department.objects.none()
        return Department.objects.filter(agency_id=membership.agency_id, active=True).order_by(
            "name", "id"
        )
