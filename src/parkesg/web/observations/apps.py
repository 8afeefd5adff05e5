from django.apps import AppConfig


class ObservationsConfig(AppConfig):
    name = "parkesg.web.observations"
    label = "observations"
    verbose_name = "数据填报 observations"
