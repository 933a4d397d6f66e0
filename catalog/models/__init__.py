"""Catalog models, one module per content family, re-exported here for Django and imports."""

from .examples import ErrorExample
from .bundles import BundleIndexPage, BundleItem, BundlePage
from .guide import GuideHall, ServiceGuidePage
from .history import ChangeRecord
from .halls import HallIndexPage, HallPage
from .pages import CatalogIndexPage, DepartmentPage
from .taxonomy import Theme

__all__ = [
    "BundleIndexPage", "BundleItem", "BundlePage", "CatalogIndexPage", "DepartmentPage",
    "ChangeRecord", "ErrorExample",
    "GuideHall", "HallIndexPage", "HallPage", "ServiceGuidePage", "Theme",
]
