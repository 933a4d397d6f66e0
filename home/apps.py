from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The site's front door and the demo site that `make run` loads."""

    name = "home"
    verbose_name = "首页"
    default_auto_field = "django.db.models.BigAutoField"
