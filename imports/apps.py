from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "imports"
    verbose_name = "Practice imports in the admin"
    default_auto_field = "django.db.models.BigAutoField"
