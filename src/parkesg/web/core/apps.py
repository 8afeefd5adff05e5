from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "parkesg.web.core"
    label = "core"
    verbose_name = "平台 platform"
