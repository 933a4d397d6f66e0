from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The site's front door (the home page, the site root) and the public site shell every page
    wears: the display mode (preferences.py), security headers (security.py), site template tags."""

    name = "home"
    verbose_name = "首页"
    default_auto_field = "django.db.models.BigAutoField"
