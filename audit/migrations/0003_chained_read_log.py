"""The auditors' read log is chained per agency, keyed (workflow.chain): each read gets its
agency, a sequence number and an HMAC linked to the previous read. Existing reads are chained
here in the order they were logged."""

import django.db.models.deletion
from django.db import migrations, models

from audit.models import read_mac

GENESIS = "0" * 64


def chain_existing_reads(apps, schema_editor):
    AuditView = apps.get_model("audit", "AuditView")
    heads: dict[int, tuple[int, str]] = {}
    reads = AuditView.objects.select_related("case").order_by("at", "id")
    for view in reads.iterator(chunk_size=2000):
        agency_id = view.case.agency_id
        seq, prev = heads.get(agency_id, (0, GENESIS))
        view.agency_id, view.seq, view.prev_hash = agency_id, seq + 1, prev
        view.hash = read_mac(
            agency_id=agency_id, seq=view.seq, user_id=view.user_id, case_id=view.case_id,
            what=view.what, detail=view.detail, at=view.at, prev=prev,
        )
        view.save(update_fields=["agency", "seq", "prev_hash", "hash"])
        heads[agency_id] = (view.seq, view.hash)


class Migration(migrations.Migration):

    dependencies = [
        ('agencies', '0003_agency_level_and_seal'),
        ('audit', '0002_alter_auditview_what'),
    ]

    operations = [
        migrations.AddField(
            model_name='auditview',
            name='agency',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='agencies.agency', verbose_name='机关'),
        ),
        migrations.AddField(
            model_name='auditview',
            name='seq',
            field=models.PositiveIntegerField(null=True, verbose_name='序号'),
        ),
        migrations.AddField(
            model_name='auditview',
            name='prev_hash',
            field=models.CharField(default='', max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='auditview',
            name='hash',
            field=models.CharField(default='', max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(chain_existing_reads, migrations.RunPython.noop),
    ]
