from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "parkesg.web.orgs"
    label = "orgs"
    verbose_name = "组织与人员 organisations and people"

    def ready(self) -> None:
        from parkesg.web.orgs import home

        home.register()  # navigation and home-page items (``core.nav``, ``core.home``)
