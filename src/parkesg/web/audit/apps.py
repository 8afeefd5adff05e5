from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "parkesg.web.audit"
    label = "audit"
    verbose_name = "审计日志 audit log"

    def ready(self) -> None:
        from parkesg.web.audit import home

        home.register()  # navigation and home-page items (``core.nav``, ``core.home``)
