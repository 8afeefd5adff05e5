from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "parkesg.web.documents"
    label = "documents"
    verbose_name = "成文信息 documented information"
