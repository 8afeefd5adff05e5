from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "parkesg.web.assessments"
    label = "assessments"
    verbose_name = "评价 assessments"
