"""The archive endpoints of a case (api.md "Letters and archive"): the case file, its integrity
and the numbered 补正说明 that correct it after archiving."""

from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from audit.models import ViewKind
from audit.serializers import (
    ArchiveNoteCreateSerializer,
    ArchiveNoteSerializer,
    IntegritySerializer,
)
from audit.services import add_archive_note, check_may_add_note, record_view
from cases.access import get_case_for
from letters.models import CaseFile
from workflow.errors import Conflict
from workflow.integrity import check_case


class CaseBundleView(APIView):
    """The archived case file as one PDF, byte-identical on every download; 404 before
    archiving."""

    @extend_schema(responses={(200, "application/pdf"): OpenApiResponse(description="PDF")})
    def get(self, request, pk: int):
        case = get_case_for(request.user, pk)
        case_file = CaseFile.objects.filter(case=case).first()
        if case_file is None:
            raise Http404
        if not case_file.ready:
            raise Conflict(_("案卷生成中，请稍后再下载。"))
        record_view(request.user, case, ViewKind.BUNDLE)
        response = FileResponse(
            case_file.pdf.open("rb"),
            content_type="application/pdf",
            filename=f"{case.number} 案卷.pdf",
        )
        response["X-Content-SHA256"] = case_file.sha256
        return response


class CaseIntegrityView(APIView):
    @extend_schema(responses=IntegritySerializer)
    def get(self, request, pk: int):
        case = get_case_for(request.user, pk)
        problems = check_case(case)
        record_view(request.user, case, ViewKind.INTEGRITY, "ok" if not problems else "problems")
        return Response({"ok": not problems, "problems": problems})


class ArchiveNotesView(APIView):
    @extend_schema(responses=ArchiveNoteSerializer(many=True))
    def get(self, request, pk: int):
        case = get_case_for(request.user, pk)
        notes = case.archive_notes.select_related("author")
        return Response(ArchiveNoteSerializer(notes, many=True).data)

    @extend_schema(request=ArchiveNoteCreateSerializer, responses={201: ArchiveNoteSerializer})
    def post(self, request, pk: int):
        case = get_case_for(request.user, pk)
        check_may_add_note(case, request.user)  # 403 before any 400
        serializer = ArchiveNoteCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        note = add_archive_note(case=case, actor=request.user, **serializer.validated_data)
        return Response(ArchiveNoteSerializer(note).data, status=status.HTTP_201_CREATED)
