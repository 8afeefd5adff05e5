"""A publication cannot be rewritten: UPDATE / DELETE of a snapshot refused by a trigger."""

from django.db import migrations

from parkesg.web.core.appendonly import append_only_trigger


class Migration(migrations.Migration):
    dependencies = [("disclosures", "0001_initial")]
    operations = [append_only_trigger("disclosures_publishedversion")]
