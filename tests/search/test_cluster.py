"""Index life on a search cluster: publishing, drafts, expiry, rebuilds, and an outage.

The outage tests stop the real node with its own script (``engine/opensearch.sh``, or
``OPENSEARCH_SCRIPT``) and start it again. The node starts empty, so the index as it was before
the outage is put back from a copy taken just before (a real cluster keeps its data across a
restart); what was published during the outage must then arrive by catching up.
"""

import os
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from modelsearch.index import get_indexed_models
from wagtail.models import Page

from search.indexing import models_by_index, rebuild
from search.models import ClusterRebuild, PendingIndexUpdate

from .test_elasticsearch import live

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
DEGRADED = "搜索服务暂时降级"
READY_FILE = Path("/tmp/engine-ready")


def body(response):
    return getattr(response, "body", response)  # the elasticsearch client wraps its dicts


def document(backend, page):
    index = backend.get_index_for_model(Page).name
    return body(backend.es.get(index=index, id=str(page.pk)))["_source"]


def titles(data):
    return [hit["title"] for hit in data["results"]]


# --- without a cluster: a cluster that does not answer ----------------------------------------

UNREACHABLE = {"default": {"BACKEND": "search.backends.opensearch", "URLS": ["http://127.0.0.1:9"],
                           "TIMEOUT": 1, "OPTIONS": {"max_retries": 0}},
               "database": {"BACKEND": "search.backends.database"}}


def test_an_unreachable_cluster_gives_the_database_answer_with_a_notice(client, search_index):
    with override_settings(WAGTAILSEARCH_BACKENDS=UNREACHABLE):
        response = client.get("/search/", {"q": "扯证"})
        assert response.status_code == 200
        html = response.content.decode()
        assert DEGRADED in html and "内地居民结婚登记" in html
        assert "no-cache" in response["Cache-Control"]  # the page cache does not keep it
        data = client.get("/search/api/", {"q": "上户口"}).json()
        assert data["degraded"] is True and "出生登记" in titles(data)
        suggestions = client.get("/search/suggest/", {"q": "上户"}).json()["suggestions"]
        assert "出生登记" in [s["title"] for s in suggestions]


def test_a_healthy_search_says_nothing_about_degrading(client, search_index):
    response = client.get("/search/", {"q": "出生"})
    assert DEGRADED not in response.content.decode()
    assert client.get("/search/api/", {"q": "出生"}).json()["degraded"] is False


# --- on the run's cluster ----------------------------------------------------------------------

@live
def test_drafts_never_reach_the_cluster_and_publishing_does(demo, elasticsearch, search_json):
    guide = demo.marriage
    draft = guide.get_latest_revision_as_object()
    draft.title = "结婚登记草稿标题"
    revision = draft.save_revision()
    assert document(elasticsearch, guide)["title"] == "内地居民结婚登记"
    assert "结婚登记草稿标题" not in titles(search_json(q="结婚登记草稿标题"))
    assert "内地居民结婚登记" in titles(search_json(q="扯证"))

    revision.publish()
    assert document(elasticsearch, guide)["title"] == "结婚登记草稿标题"
    data = search_json(q="结婚登记草稿标题")
    assert data["degraded"] is False and titles(data)[0] == "结婚登记草稿标题"


@live
def test_unpublishing_and_expiry_take_guides_out_of_the_cluster(demo, elasticsearch, search_json):
    assert "内地居民结婚登记" in titles(search_json(q="扯证"))
    demo.marriage.unpublish()
    assert document(elasticsearch, demo.marriage)["live_filter"] is False
    assert "内地居民结婚登记" not in titles(search_json(q="扯证"))

    guide = demo.birth_registration
    assert "出生登记" in titles(search_json(q="上户口"))
    Page.objects.filter(pk=guide.pk).update(expire_at=timezone.now() - timezone.timedelta(minutes=1))
    call_command("publish_scheduled", verbosity=0)
    assert document(elasticsearch, guide)["live_filter"] is False
    assert "出生登记" not in titles(search_json(q="上户口"))


def concrete_indexes(backend, alias):
    return set(body(backend.es.indices.get_alias(name=alias)))


def index_settings(backend, name):
    return body(backend.es.indices.get_settings(index=name))[name]["settings"]["index"]


@live
def test_rebuild_swaps_the_alias_and_never_searches_an_empty_index(elasticsearch, search_json):
    """…and fills the new index without refreshes or replicas, then gives both back."""
    alias = elasticsearch.get_index_for_model(Page).name
    before = concrete_indexes(elasticsearch, alias)
    seen, filling = [], []

    def progress(stage, done, total):
        if stage == "索引":  # an index is being filled (pages, then images, documents…)
            seen.append((search_json(q="扯证")["count"], concrete_indexes(elasticsearch, alias)))
            if not filling:
                filling.extend(index_settings(elasticsearch, name) for name in
                               body(elasticsearch.es.indices.get(index=alias + "_*"))
                               if name not in before)

    rebuild(["default"], progress=progress)
    after = concrete_indexes(elasticsearch, alias)
    assert len(after) == 1 and after.isdisjoint(before)
    assert all(count >= 1 for count, _ in seen)  # never an empty or half-filled index
    assert before in [names for _, names in seen]  # the old one answered while the new was filled
    assert all(names in (before, after) for _, names in seen)
    assert not any(elasticsearch.es.indices.exists(index=name) for name in before)
    assert "内地居民结婚登记" in titles(search_json(q="扯证"))
    assert [(s["refresh_interval"], s["number_of_replicas"]) for s in filling] == [("-1", "0")]
    restored = index_settings(elasticsearch, next(iter(after)))
    # the defaults again (the index is made without either): writes show within a second
    assert "refresh_interval" not in restored and restored["number_of_replicas"] == "1"


@live
def test_a_rebuild_in_worker_processes_indexes_every_page(monkeypatch, elasticsearch, search_json):
    """Large rebuilds build documents in forked processes, each with its own client."""
    from search import indexing

    monkeypatch.setattr(indexing, "worker_count", lambda objects: 2)
    monkeypatch.setattr(indexing, "CHUNK_SIZE", 10)  # several chunks for the two processes
    alias = elasticsearch.get_index_for_model(Page).name
    documents = body(elasticsearch.es.count(index=alias))["count"]
    rebuild(["default"])
    assert body(elasticsearch.es.count(index=alias))["count"] == documents
    assert "内地居民结婚登记" in titles(search_json(q="扯证"))
    assert "出生登记" in titles(search_json(q="上户口"))


# --- an outage of the real node ----------------------------------------------------------------

def engine_script():
    script = Path(os.environ.get("OPENSEARCH_SCRIPT", ROOT / "engine" / "opensearch.sh"))
    if not script.exists():
        pytest.fail(f"{script} not found: set OPENSEARCH_SCRIPT to the node's start/stop script")
    return script


def copy_of_indexes(backend):
    """{index: [(id, source)]} of every index of the backend, taken from the cluster."""
    copies = {}
    for index in backend.all_indexes():
        hits = body(backend.es.search(index=index.name, body={"size": 10000}))["hits"]["hits"]
        copies[index.name] = [(hit["_id"], hit["_source"]) for hit in hits]
    return copies


def put_back(backend, copies):
    """The indexes as copied, under their aliases, on the freshly started (empty) node."""
    for index, models in models_by_index(backend, get_indexed_models()).items():
        rebuilder = backend.rebuilder_class(index)
        new_index = rebuilder.start()
        for model in models:
            new_index.add_model(model)
        actions = [{"_id": doc_id, **source} for doc_id, source in copies.get(index.name, [])]
        if actions:
            backend.bulk(backend.es, actions, index=new_index.name)
        rebuilder.finish()


@live
def test_the_node_going_down_mid_traffic_falls_back_and_catches_up(demo, client, elasticsearch,
                                                                    search_json):
    script = engine_script()
    assert search_json(q="扯证")["degraded"] is False
    copies = copy_of_indexes(elasticsearch)
    was_ready = READY_FILE.exists()
    subprocess.run(["bash", str(script), "stop"], check=True, capture_output=True)
    try:
        response = client.get("/search/", {"q": "结婚登记"})
        assert response.status_code == 200
        assert DEGRADED in response.content.decode()
        data = search_json(q="扯证")
        assert data["degraded"] is True and "内地居民结婚登记" in titles(data)

        draft = demo.marriage.get_latest_revision_as_object()
        draft.title = "停机期间发布的结婚登记"
        draft.save_revision().publish()  # Wagtail logs the failed write and carries on
        assert PendingIndexUpdate.objects.filter(object_id=str(demo.marriage.pk)).exists()
        data = search_json(q="停机期间发布")
        assert data["degraded"] is True and "停机期间发布的结婚登记" in titles(data)
    finally:
        subprocess.run(["bash", str(script), "start"], check=True, capture_output=True)
        if was_ready:
            READY_FILE.touch()
        put_back(elasticsearch, copies)

    assert document(elasticsearch, demo.marriage)["title"] == "内地居民结婚登记"  # as before
    data = search_json(q="停机期间发布")
    assert data["degraded"] is False and titles(data)[0] == "停机期间发布的结婚登记"
    assert not PendingIndexUpdate.objects.exists()
    assert document(elasticsearch, demo.marriage)["title"] == "停机期间发布的结婚登记"


@live
def test_a_guide_published_while_the_index_is_rebuilt_is_not_lost_at_the_swap(demo, elasticsearch):
    """The rebuild copies guides into the new index chunk by chunk; a guide published after its
    chunk was copied reaches only the old index, which the swap then drops."""
    guide = demo.birth_registration
    published = []

    def publish_once(stage, done, total):
        if stage == "索引" and done == total and not published:  # all pages are copied
            guide.title = "出生登记（重建时发布）"
            guide.save_revision().publish()
            published.append(True)

    rebuild(["default"], progress=publish_once)
    assert published
    assert not ClusterRebuild.running()
    assert document(elasticsearch, guide)["title"] == "出生登记（重建时发布）"
    assert not PendingIndexUpdate.objects.exists()
