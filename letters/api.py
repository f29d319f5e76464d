from django.http import FileResponse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from cases.access import get_case_for
from letters.access import get_letter_for
from letters.serializers import LetterSerializer


class CaseLettersView(APIView):
    @extend_schema(responses=LetterSerializer(many=True))
    def get(self, request, pk: int):
        case = get_case_for(request.user, pk)
        letters = case.letters.select_related("superseded_by").order_by("issued_at", "id")
        return Response(LetterSerializer(letters, many=True).data)


class LetterPdfView(APIView):
    """The stored PDF, byte-identical on every download."""

    @extend_schema(responses={(200, "application/pdf"): OpenApiResponse(description="PDF")})
    def get(self, request, pk: int):
        letter = get_letter_for(request.user, pk)
        filename = f"{letter.number or letter.title}.pdf"
        response = FileResponse(
            letter.pdf.open("rb"), content_type="application/pdf", filename=filename
        )
        response["X-Content-SHA256"] = letter.sha256
        return response
