from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from infra.forms import IDENTIFIER_FIELDS, invisible_message, normalize_input


def invisible_errors(serializer: serializers.BaseSerializer, data) -> dict:
    """Errors for names and identifiers (infra.forms.IDENTIFIER_FIELDS) with invisible
    characters in ``data`` as sent, nested serializers included (``applicant.name``)."""
    if not isinstance(data, dict):
        return {}
    errors: dict = {}
    for name, field in serializer.fields.items():
        if field.read_only or name not in data:
            continue
        value = data[name]
        if isinstance(field, serializers.ListSerializer):
            if isinstance(value, list):
                found = {
                    str(index): sub
                    for index, item in enumerate(value)
                    if (sub := invisible_errors(field.child, item))
                }
                if found:
                    errors[name] = found
        elif isinstance(field, serializers.Serializer):
            if sub := invisible_errors(field, value):
                errors[name] = sub
        elif name in IDENTIFIER_FIELDS and isinstance(value, str):
            if message := invisible_message(value):
                errors[name] = [message]
    return errors


class StrictSerializer(serializers.Serializer):
    """Rejects fields it does not know (api.md: unknown fields are a 400), and normalises every
    text it is given (``\n`` line breaks, no control characters; infra.forms); names and
    identifiers with invisible characters are refused at their field."""

    def to_internal_value(self, data):
        if errors := invisible_errors(self, data):
            raise serializers.ValidationError(errors)
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
