from django.apps import AppConfig


class CollectionConfig(AppConfig):
    name = "parkesg.web.collection"
    label = "collection"
    verbose_name = "数据采集 collection"
