from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "parkesg.web.assessments"
    label = "assessments"
    verbose_name = "评价 assessments"

    def ready(self) -> None:
        from parkesg.web.assessments import home

        home.register()  # navigation and home-page items (``core.nav``, ``core.home``)
