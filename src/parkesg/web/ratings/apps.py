from django.apps import AppConfig


class RatingsConfig(AppConfig):
    name = "parkesg.web.ratings"
    label = "ratings"
    verbose_name = "评级 ratings"

    def ready(self) -> None:
        from parkesg.web.ratings import home, kinds, reminders  # noqa: F401 (vocabularies)

        home.register()  # navigation and home-page items (``core.nav``, ``core.home``)
        reminders.register()
