from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from infra.forms import normalize_input


class StrictSerializer(serializers.Serializer):
    """Rejects fields it does not know (api.md: unknown fields are a 400), and normalises every
    text it is given (``\n`` line breaks, no control characters; infra.forms)."""

    def to_internal_value(self, data):
        data = normalize_input(data)
        if isinstance(data, dict):
            unknown = set(data) - set(self.fields)
            if unknown:
                raise serializers.ValidationError(
                    {name: [_("不允许的字段。")] for name in sorted(unknown)}
                )
        return super().to_internal_value(data)


class StrictModelSerializer(StrictSerializer, serializers.ModelSerializer):
    pass
