"""Daily anchors (audit.anchors): what a keyed chain cannot show by itself, its end cut off,
shows against the heads anchored earlier; and the anchors themselves cannot quietly go."""

import io

import pytest
from django.core.management import CommandError, call_command

from agencies.models import NumberCounter
from audit.models import AnchoredHead, AuditView, ChainAnchor
from audit.services import record_view
from tests.archive.test_tampering import delete_the_case, sql, table
from tests.cases.helpers import make_case

pytestmark = pytest.mark.django_db


def run(command: str, *args) -> tuple[str, CommandError | None]:
    out = io.StringIO()
    try:
        call_command(command, *args, stdout=out)
    except CommandError as exc:
        return out.getvalue(), exc
    return out.getvalue(), None


def test_anchors_record_every_chain_head_and_verify(whole, agency, other_agency):
    output, error = run("anchor_chains")
    assert error is None and "已记录2个锚点" in output
    anchor = ChainAnchor.objects.get(agency=agency)
    head = whole.events.order_by("-seq").first()
    assert (anchor.seq, anchor.cases, anchor.read_seq) == (1, 1, 3)
    assert list(AnchoredHead.objects.values_list("case_id", "seq", "hash")) == [
        (whole.pk, head.seq, head.hash)
    ]
    output, error = run("verify_integrity", "--all", "--anchors")
    assert error is None, output


def test_a_second_anchor_records_only_the_heads_that_moved(archived, agency, clerk):
    run("anchor_chains")
    newer = make_case(agency, clerk)
    run("anchor_chains")
    second = ChainAnchor.objects.get(agency=agency, seq=2)
    assert second.cases == 2
    assert list(second.heads.values_list("case_id", flat=True)) == [newer.pk]


def test_a_whole_case_deleted_after_anchoring_is_found(whole, agency):
    run("anchor_chains")
    delete_the_case(whole)
    # ... and the register's counter wound back, the reads removed too
    sql(f"UPDATE {table(NumberCounter)} SET last = 0 WHERE scope = 'case'")  # noqa: S608
    sql(f"DELETE FROM {table(AuditView)}")  # noqa: S608
    output, error = run("verify_integrity", "--all")
    assert error is None, "without the anchors nothing is left to compare"
    output, error = run("verify_integrity", "--anchors")
    assert error is not None and error.returncode == 1
    assert f"锚点：案件{whole.number}的第" in output and "案件或记录被删除" in output
    assert "第3条监督查阅记录已于第1号锚点锚定" in output


def test_the_newest_reads_deleted_after_anchoring_are_found(whole, auditor):
    record_view(auditor, whole, "case")
    run("anchor_chains")
    sql(f"DELETE FROM {table(AuditView)} WHERE seq = 4")  # noqa: S608
    assert run("verify_integrity", "--all")[1] is None  # the tail of a chain: only anchors tell
    output, error = run("verify_integrity", "--anchors")
    assert error is not None and "第4条监督查阅记录已于第1号锚点锚定" in output


def test_an_edited_or_deleted_anchor_is_found(archived, agency):
    for _ in range(3):
        run("anchor_chains")
    sql(f"UPDATE {table(ChainAnchor)} SET cases = 7 WHERE seq = 3")  # noqa: S608
    sql(f"DELETE FROM {table(AnchoredHead)}")  # noqa: S608
    sql(f"DELETE FROM {table(ChainAnchor)} WHERE seq = 1")  # noqa: S608
    output, error = run("verify_integrity", "--anchors")
    assert error is not None
    assert f"{agency.name}的第2号锚点之前缺少锚点（锚点被删除）。" in output
    assert f"{agency.name}的第3号锚点的内容与其哈希不符（锚点被改动）。" in output


def test_the_exported_file_shows_anchors_deleted_from_the_table(archived, tmp_path):
    path = tmp_path / "anchors.csv"
    run("anchor_chains", "--file", str(path))
    run("anchor_chains", "--file", str(path))
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("agency_id,agency,seq") and len(lines) == 1 + 2  # one agency, twice
    output, error = run("verify_integrity", "--anchor-file", str(path))
    assert error is None, output
    sql(f"DELETE FROM {table(AnchoredHead)} WHERE anchor_id IN "  # noqa: S608
        f"(SELECT id FROM {table(ChainAnchor)} WHERE seq = 2)")
    sql(f"DELETE FROM {table(ChainAnchor)} WHERE seq = 2")  # noqa: S608
    output, error = run("verify_integrity", "--anchors", "--anchor-file", str(path))
    assert error is not None
    assert "锚点文件：文件中机关" in output and "第2号锚点在数据库中已不存在或被改动" in output


def test_the_platform_admin_exports_anchors_as_csv(archived, agency, client, agency_admin):
    from django.contrib.auth import get_user_model

    run("anchor_chains")
    sysadmin = get_user_model().objects.create_superuser("sysadmin", "s@example.cn", "pw")
    client.force_login(sysadmin)
    response = client.post(
        "/admin/audit/chainanchor/",
        {"action": "export_csv", "_selected_action": list(
            ChainAnchor.objects.values_list("pk", flat=True)
        )},
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode("utf-8-sig")
    assert body.splitlines()[0].startswith("agency_id,agency,seq")
    assert ChainAnchor.objects.get(agency=agency).hash in body
    client.force_login(agency_admin)
    assert client.get("/admin/audit/chainanchor/").status_code == 403


def test_anchors_alone_need_no_case_numbers(archived):
    output, error = run("verify_integrity", "--anchors")
    assert error is None and output.strip() == "未发现问题。"
    _output, error = run("verify_integrity", "--anchors", "--all", archived.number)
    assert error is not None and "二者选一" in str(error)
