from django.apps import AppConfig


class EngagementsConfig(AppConfig):
    name = "parkesg.web.engagements"
    label = "engagements"
    verbose_name = "服务项目 engagements"

    def ready(self) -> None:
        from parkesg.web.engagements import choices, home, reminders  # noqa: F401

        home.register()  # navigation, home-page items (``core.nav``, ``core.home``)
        reminders.register()  # due dates for ``parkesg remind``
