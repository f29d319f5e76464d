"""Letters carry a keyed seal over their content and their file's SHA-256 (workflow.chain).
Letters already rendered are sealed here, so every rendered letter has one."""

from django.db import migrations, models

from letters.models import letter_seal


def seal_rendered_letters(apps, schema_editor):
    Letter = apps.get_model("letters", "Letter")
    rendered = Letter.objects.exclude(sha256="").order_by("pk")
    for letter in rendered.iterator(chunk_size=1000):
        Letter.objects.filter(pk=letter.pk).update(
            seal=letter_seal(
                pk=letter.pk,
                case_id=letter.case_id,
                kind=letter.kind,
                number=letter.number,
                issued_on=letter.issued_on,
                snapshot=letter.snapshot,
                sha256=letter.sha256,
            )
        )


class Migration(migrations.Migration):

    dependencies = [
        ('letters', '0003_letters_rendered_after_commit'),
    ]

    operations = [
        migrations.AddField(
            model_name='letter',
            name='seal',
            field=models.CharField(blank=True, max_length=64, verbose_name='密钥封印'),
        ),
        migrations.RunPython(seal_rendered_letters, migrations.RunPython.noop),
    ]
