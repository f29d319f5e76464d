"""After 0003 chained the existing reads: every read has its agency and sequence number.
(A separate migration: PostgreSQL cannot alter a table with pending trigger events.)"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0003_chained_read_log'),
    ]

    operations = [
        migrations.AlterField(
            model_name='auditview',
            name='agency',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='agencies.agency', verbose_name='机关'),
        ),
        migrations.AlterField(
            model_name='auditview',
            name='seq',
            field=models.PositiveIntegerField(verbose_name='序号'),
        ),
        migrations.AddConstraint(
            model_name='auditview',
            constraint=models.UniqueConstraint(fields=('agency', 'seq'), name='auditview_unique_seq'),
        ),
    ]
