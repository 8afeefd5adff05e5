from django.apps import AppConfig


class ObservationsConfig(AppConfig):
    name = "parkesg.web.observations"
    label = "observations"
    verbose_name = "数据填报 observations"

    def ready(self) -> None:
        from parkesg.web.observations import home

        home.register()  # navigation and home-page items (``core.nav``, ``core.home``)
