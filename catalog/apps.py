from django.apps import AppConfig


class CatalogConfig(AppConfig):
    """What a service guide *is*: departments, guides, halls, bundles and their parts."""

    name = "catalog"
    verbose_name = "事项清单"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.signals import page_published

        from . import documents
        from .models import ServiceGuidePage
        from .bulk_pages import pages_published
        from .publishing import lay_out_flowcharts, record_publication, record_publications

        documents.connect()

        page_published.connect(record_publication, sender=ServiceGuidePage,
                               dispatch_uid="catalog_record_publication")
        pages_published.connect(record_publications, sender=ServiceGuidePage,
                                dispatch_uid="catalog_record_publications")
        page_published.connect(lay_out_flowcharts, sender=ServiceGuidePage,
                               dispatch_uid="catalog_lay_out_flowcharts")
