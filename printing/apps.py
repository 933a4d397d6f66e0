from django.apps import AppConfig


class PrintingConfig(AppConfig):
    """Print as a channel: the print view, the one-page notice PDF and handbooks."""

    name = "printing"
    verbose_name = "印制"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from catalog.media import register_folder
        from catalog.routes import GUIDE, register_route

        from . import checks, signals  # noqa: F401  (registers checks and publish handlers)
        from .downloads import handbook_file_rule
        from .models import HANDBOOK_FOLDER
        from .views import guide_pdf, guide_print

        register_folder(HANDBOOK_FOLDER, handbook_file_rule)
        register_route(GUIDE, "print/", guide_print, name="print_view")
        register_route(GUIDE, "pdf/", guide_pdf, name="pdf_view")
