from django.apps import AppConfig


class ImportingConfig(AppConfig):
    name = "importing"
    verbose_name = "批量导入导出"
    default_auto_field = "django.db.models.BigAutoField"
