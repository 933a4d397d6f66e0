from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo site (示范市) and the synthetic catalog benchmarks run on: ``load_demo`` and
    ``generate_catalog``. No model and nothing production code imports: only this app, the
    tests and bench/ use it."""

    name = "demo"
    verbose_name = "演示数据"
