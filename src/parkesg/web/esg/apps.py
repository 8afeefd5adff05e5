from django.apps import AppConfig


class EsgConfig(AppConfig):
    name = "parkesg.web.esg"
    label = "esg"
    verbose_name = "园区 ESG 管理体系 park ESG management system"

    def ready(self) -> None:
        from parkesg.web.esg import home, hooks, reminders

        home.register()  # navigation and home-page items (``core.nav``, ``core.home``)
        reminders.register()  # overdue corrective actions and the like (``parkesg remind``)
        hooks.register()  # T/ESC targets and the report's engagement for ``assessments``
