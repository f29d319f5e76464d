"""Letters and the case file are rendered after their action's commit: their bytes (and hash)
may be missing for a moment. Rows stored before this were rendered in their transaction."""

import django.utils.timezone
from django.db import migrations, models


def existing_case_files_are_built(apps, schema_editor):
    CaseFile = apps.get_model("letters", "CaseFile")
    CaseFile.objects.update(status="ready", created_at=models.F("built_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("letters", "0002_casefile"),
    ]

    operations = [
        migrations.AlterField(
            model_name="letter",
            name="pdf",
            field=models.FileField(blank=True, upload_to="letters/%Y/", verbose_name="PDF"),
        ),
        migrations.AlterField(
            model_name="letter",
            name="sha256",
            field=models.CharField(blank=True, max_length=64, verbose_name="SHA-256"),
        ),
        migrations.AddField(
            model_name="letter",
            name="rendered_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="PDF生成时间"),
        ),
        migrations.AddField(
            model_name="casefile",
            name="status",
            field=models.CharField(
                choices=[("building", "案卷生成中"), ("ready", "已生成")],
                default="building",
                max_length=10,
                verbose_name="状态",
            ),
        ),
        migrations.AddField(
            model_name="casefile",
            name="created_at",
            field=models.DateTimeField(
                auto_now_add=True, default=django.utils.timezone.now, verbose_name="归档时间"
            ),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="casefile",
            name="pdf",
            field=models.FileField(blank=True, upload_to="case_files/%Y/", verbose_name="PDF"),
        ),
        migrations.AlterField(
            model_name="casefile",
            name="sha256",
            field=models.CharField(blank=True, max_length=64, verbose_name="SHA-256"),
        ),
        migrations.AlterField(
            model_name="casefile",
            name="page_count",
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name="总页数"),
        ),
        migrations.AlterField(
            model_name="casefile",
            name="built_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="生成时间"),
        ),
        migrations.RunPython(existing_case_files_are_built, migrations.RunPython.noop),
    ]
