"""Keyed audit chains (workflow.chain): events gain a format version and a state digest.

Existing events stay as they are, as version 1 (plain SHA-256); each case's version-1 head is
sealed here with AUDIT_CHAIN_KEY (LegacyChainSeal), so a chain rewritten later and called
version 1 does not verify. New events are version 2."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Exists, OuterRef

from workflow.chain import legacy_seal_mac


def seal_legacy_chains(apps, schema_editor):
    Event = apps.get_model("workflow", "Event")
    Seal = apps.get_model("workflow", "LegacyChainSeal")
    later = Event.objects.filter(case_id=OuterRef("case_id"), seq__gt=OuterRef("seq"))
    heads = Event.objects.filter(~Exists(later)).order_by("case_id")
    batch = []
    for case_id, seq, head in heads.values_list("case_id", "seq", "hash").iterator(2000):
        batch.append(
            Seal(case_id=case_id, seq=seq, hash=head, mac=legacy_seal_mac(case_id, seq, head))
        )
        if len(batch) >= 2000:
            Seal.objects.bulk_create(batch)
            batch = []
    Seal.objects.bulk_create(batch)


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0004_staged_uploads'),
        ('workflow', '0002_consultation_jointly_made'),
    ]

    operations = [
        migrations.AddField(
            model_name='event',
            name='state',
            field=models.CharField(blank=True, max_length=64, verbose_name='案件状态摘要'),
        ),
        migrations.AddField(
            model_name='event',
            name='version',
            field=models.PositiveSmallIntegerField(default=1, verbose_name='链格式版本'),
        ),
        migrations.AlterField(
            model_name='event',
            name='version',
            field=models.PositiveSmallIntegerField(default=2, verbose_name='链格式版本'),
        ),
        migrations.CreateModel(
            name='LegacyChainSeal',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('seq', models.PositiveIntegerField(verbose_name='序号')),
                ('hash', models.CharField(max_length=64)),
                ('mac', models.CharField(max_length=64)),
                ('case', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='cases.case', verbose_name='案件')),
            ],
            options={
                'verbose_name': '旧格式办理记录封存',
                'verbose_name_plural': '旧格式办理记录封存',
            },
        ),
        migrations.RunPython(seal_legacy_chains, migrations.RunPython.noop),
    ]
