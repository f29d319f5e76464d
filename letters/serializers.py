from django.urls import reverse
from rest_framework import serializers

from letters.models import Letter


class LetterSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display")
    pdf = serializers.SerializerMethodField()
    superseded = serializers.SerializerMethodField()
    rendered = serializers.BooleanField(read_only=True)  # false until its PDF is written

    class Meta:
        model = Letter
        fields = [
            "id",
            "kind",
            "kind_display",
            "title",
            "addressee",
            "number",
            "issued_on",
            "sha256",
            "rendered",
            "pdf",
            "supersedes",
            "superseded",
        ]

    def get_pdf(self, letter) -> str:
        return reverse("api-letter-pdf", args=[letter.pk])

    def get_superseded(self, letter) -> bool:
        return hasattr(letter, "superseded_by")
