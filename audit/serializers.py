from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from agencies.models import display_name
from audit.models import ArchiveNote
from config.serializers import StrictSerializer


class ArchiveNoteCreateSerializer(StrictSerializer):
    text = serializers.CharField(max_length=5000, error_messages={"blank": _("请填写补正说明。")})


class ArchiveNoteSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()

    class Meta:
        model = ArchiveNote
        fields = ["id", "number", "text", "author", "created_at"]

    def get_author(self, note) -> str:
        return display_name(note.author)


class IntegritySerializer(serializers.Serializer):
    ok = serializers.BooleanField()
    problems = serializers.ListField(child=serializers.CharField())
