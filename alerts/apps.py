from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "alerts"
    verbose_name = "Saved searches and e-mail alerts"
    default_auto_field = "django.db.models.BigAutoField"
