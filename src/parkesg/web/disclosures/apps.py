from django.apps import AppConfig


class DisclosuresConfig(AppConfig):
    name = "parkesg.web.disclosures"
    label = "disclosures"
    verbose_name = "信息披露 disclosures"

    def ready(self) -> None:
        from parkesg.web.disclosures import flows, home, measures  # noqa: F401 (vocabulary)

        home.register()
        measures.register()  # the city's disclosure-rate target (``city.targets``)
