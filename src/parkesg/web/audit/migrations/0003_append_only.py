"""Refuse UPDATE and DELETE on the audit table in the database itself (see core.appendonly)."""

from django.db import migrations

from parkesg.web.core.appendonly import append_only_trigger


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_initial")]
    operations = [append_only_trigger("audit_auditrecord")]
