from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "parkesg.web.audit"
    label = "audit"
    verbose_name = "审计日志 audit log"
