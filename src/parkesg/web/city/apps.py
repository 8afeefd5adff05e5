from django.apps import AppConfig


class CityConfig(AppConfig):
    name = "parkesg.web.city"
    label = "city"
    verbose_name = "城市 ESG 行动方案 city ESG action plan"

    def ready(self) -> None:
        from parkesg.web.city import home, measures

        measures.register()  # the targets this app counts (``targets.register_measure``)
        home.register()  # navigation and home-page shortcuts (``core.nav``, ``core.home``)
