"""The value history cannot be rewritten: UPDATE / DELETE refused by a trigger."""

from django.db import migrations

from parkesg.web.core.appendonly import append_only_trigger


class Migration(migrations.Migration):
    dependencies = [("observations", "0001_initial")]
    operations = [append_only_trigger("observations_observationrevision")]
