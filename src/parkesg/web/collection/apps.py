from django.apps import AppConfig


class CollectionConfig(AppConfig):
    name = "parkesg.web.collection"
    label = "collection"
    verbose_name = "数据采集 collection"

    def ready(self) -> None:
        from parkesg.web.collection import home

        home.register()  # navigation and home-page items (``core.nav``, ``core.home``)
