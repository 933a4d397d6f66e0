from django.apps import AppConfig


class AssistanceConfig(AppConfig):
    """帮办代办: citizens ask a hall for assisted or agency service and follow it to the end."""

    name = "assistance"
    verbose_name = "帮办代办"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from catalog.routes import SITE_ROOT, register_route
        from feedback.throttle import count_posts_to

        from .views import PATTERNS, POST_ROUTES

        for route, view, name in PATTERNS:
            register_route(SITE_ROOT, route, view, name=name)
        count_posts_to(*POST_ROUTES)
