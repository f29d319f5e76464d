from django.http import FileResponse, Http404, HttpResponse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from audit.models import ViewKind
from audit.services import record_view
from cases.access import get_case_for
from letters.access import get_letter_for
from letters.issuing import preview_letter, reissue_letter
from letters.rendering import ensure_rendered
from letters.serializers import LetterSerializer


class CaseLettersView(APIView):
    @extend_schema(responses=LetterSerializer(many=True))
    def get(self, request, pk: int):
        case = get_case_for(request.user, pk)
        record_view(request.user, case, ViewKind.LETTERS)  # auditors' reads are logged
        letters = case.letters.select_related("superseded_by").order_by("issued_at", "id")
        return Response(LetterSerializer(letters, many=True).data)


class LetterPdfView(APIView):
    """The stored PDF, byte-identical on every download (rendered now if its render after the
    action has not run yet)."""

    @extend_schema(responses={(200, "application/pdf"): OpenApiResponse(description="PDF")})
    def get(self, request, pk: int):
        letter = ensure_rendered(get_letter_for(request.user, pk))
        record_view(request.user, letter.case, ViewKind.LETTER_PDF, letter.number or letter.title)
        filename = f"{letter.number or letter.title}.pdf"
        response = FileResponse(
            letter.pdf.open("rb"), content_type="application/pdf", filename=filename
        )
        response["X-Content-SHA256"] = letter.sha256
        return response


class LetterReissueView(APIView):
    @extend_schema(request=None, responses=LetterSerializer)
    def post(self, request, pk: int):
        letter = get_letter_for(request.user, pk)
        new = reissue_letter(letter, actor=request.user)
        return Response(LetterSerializer(new).data, status=201)


class LetterPreviewView(APIView):
    """A draft of a letter kind for a case: watermarked 草稿, never numbered or stored."""

    @extend_schema(responses={(200, "application/pdf"): OpenApiResponse(description="PDF")})
    def get(self, request, pk: int, kind: str):
        case = get_case_for(request.user, pk)
        if kind != "reply" or not case.decision:
            raise Http404
        return HttpResponse(preview_letter(case, kind), content_type="application/pdf")
