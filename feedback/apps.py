from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    """Public supervision (社会监督): error reports (纠错), ratings (好差评) and page views."""

    name = "feedback"
    verbose_name = "意见反馈"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from catalog.routes import SITE_ROOT, register_route

        from .views import PATTERNS

        for route, view, name in PATTERNS:
            register_route(SITE_ROOT, route, view, name=name)
