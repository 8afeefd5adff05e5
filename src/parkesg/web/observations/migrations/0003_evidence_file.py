"""An observation, and each state in its history, may name a stored evidence file."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("collection", "0001_initial"),
        ("observations", "0002_append_only"),
    ]

    operations = [
        migrations.AddField(
            model_name="observation",
            name="evidence_file",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="collection.evidencefile",
                verbose_name="证明材料文件",
            ),
        ),
        migrations.AddField(
            model_name="observationrevision",
            name="evidence_file",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="collection.evidencefile",
            ),
        ),
    ]
