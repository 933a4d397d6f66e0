from django.apps import AppConfig


class PrintingConfig(AppConfig):
    """Print as a channel: the print view, the one-page notice PDF and handbooks."""

    name = "printing"
    verbose_name = "印制"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks, signals  # noqa: F401  (registers checks and publish handlers)
