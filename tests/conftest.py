"""Shared fixtures: the demo catalog is loaded once per test session into the test database.

Every test then runs inside a transaction that is rolled back, so tests may change the demo
freely. Loading once (about 5 s) instead of per test keeps the suite fast.
"""

import pytest
from django.contrib.auth import get_user_model

from catalog.site_url import point_default_site_at
from demo.loader import load_demo
from tests.search.cluster import _cluster_in_step, search_index  # noqa: F401  (fixtures)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_demo()
        point_default_site_at("http://testserver")  # the test client's host, as load_demo --site-url


@pytest.fixture
def demo(db):
    """Handles on well-known demo objects."""
    from catalog.models import BundlePage, DepartmentPage, HallPage, ServiceGuidePage

    class Demo:
        gongan = DepartmentPage.objects.get(slug="gongan")
        minzheng = DepartmentPage.objects.get(slug="minzheng")
        birth_registration = ServiceGuidePage.objects.get(item_code="11999900MB0000001X07001")
        marriage = ServiceGuidePage.objects.child_of(minzheng).get(title="内地居民结婚登记")
        city_hall = HallPage.objects.get(slug="shimin-zhongxin")
        newborn_bundle = BundlePage.objects.get(slug="xinshenger-chusheng")

    return Demo


@pytest.fixture
def login(client):
    """Log the test client in as a demo user by username."""

    def _login(username):
        client.force_login(get_user_model().objects.get(username=username))
        return client

    return _login
