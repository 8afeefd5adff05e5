from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "parkesg.web.reminders"
    label = "reminders"
    verbose_name = "提醒 reminders"
