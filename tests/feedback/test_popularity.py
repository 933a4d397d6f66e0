"""Most-viewed guides: views counted in memory, flushed in one statement, shown on the home page."""

import pytest

from feedback import popularity
from feedback.models import GuideViewCount

pytestmark = pytest.mark.django_db


def test_counts_flush_additively_and_rank_live_guides(demo, settings):
    settings.ZHINAN_VIEW_FLUSH_SECONDS = 3600
    popularity._take()  # drop what other tests' page views left in this process's counter
    for _ in range(3):
        popularity.count_view(demo.marriage.pk)
    popularity.count_view(demo.birth_registration.pk)
    assert popularity.flush() == 4
    popularity.count_view(demo.birth_registration.pk)
    popularity.count_view(demo.birth_registration.pk)
    popularity.count_view(demo.birth_registration.pk)
    popularity.flush()
    assert GuideViewCount.objects.get(guide=demo.birth_registration).views == 4
    assert popularity.most_viewed(2) == [demo.birth_registration, demo.marriage]

    demo.birth_registration.unpublish()
    assert popularity.most_viewed(2) == [demo.marriage]


def test_viewing_a_guide_counts_and_the_home_page_lists_it(client, demo, settings):
    settings.ZHINAN_VIEW_FLUSH_SECONDS = 0  # flush on every view
    popularity._take()
    client.get(demo.marriage.url)
    client.get(demo.marriage.url + "print/")  # other renderings are not views
    assert GuideViewCount.objects.get(guide=demo.marriage).views == 1
    html = client.get("/").content.decode()
    assert "大家都在办" in html and demo.marriage.title in html
