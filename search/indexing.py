"""Rebuilding the search index: the dictionary first, then every indexed object.

Pages are indexed one by one as they are saved, each with the dictionary as it is at that moment;
a word that enters the dictionary later (a new alias) is then missing from pages indexed earlier.
A rebuild collects every dictionary word first and then indexes everything with the complete
dictionary. Run it after bulk loads and imports (``manage.py rebuild_search``).

On a search cluster each index is rebuilt beside the live one and the alias is then pointed at
it in one step (Wagtail's atomic rebuilder, on by default): searches keep finding the old index
until the new one is complete, never an empty one. What is published meanwhile is written again
into the new index right after the swap (``ClusterRebuild``), so no publish is lost to it.
"""

import multiprocessing
import os
from contextlib import contextmanager

from modelsearch.backends import get_search_backend
from modelsearch.conf import get_app_config
from modelsearch.index import get_indexed_models
from django.utils import timezone

from .documents import build_document
from .models import ClusterRebuild, PendingIndexUpdate
from .vocabulary import get_analyzer, remember_words

CHUNK_SIZE = 500
POOL_FROM = 5000  # objects from which a cluster rebuild builds documents in worker processes


def _chunks(queryset, size=CHUNK_SIZE):
    last_pk = None
    while True:
        chunk = queryset if last_pk is None else queryset.filter(pk__gt=last_pk)
        items = list(chunk.order_by("pk")[:size])
        if not items:
            return
        yield items
        last_pk = items[-1].pk


def _vocabulary_objects(model):
    """The model's indexed objects, loading only the fields the dictionary reads when those are
    all plain columns (a guide's seven StreamFields cost more to decode than everything else)."""
    from django.core.exceptions import FieldDoesNotExist
    from modelsearch.index import SearchField

    from .documents import NAMES, TITLE, tier_of

    names = [f.field_name for f in model.get_search_fields()
             if isinstance(f, SearchField) and tier_of(f) in (TITLE, NAMES)]
    objects = model.get_indexed_objects()
    try:
        concrete = [model._meta.get_field(name).attname for name in names]
    except FieldDoesNotExist:
        return objects
    return objects.only(*concrete) if concrete else objects


def _remember_vocabulary(analyzer, objs):
    texts = [text for obj in objs for text in build_document(obj, vocabulary_only=True).vocabulary()]
    return len(remember_words(analyzer, texts))


def build_dictionary(progress=None):
    """Store the dictionary words of every indexed object; returns how many were new."""
    analyzer = get_analyzer()
    models = get_indexed_models()  # each model's indexed objects are of that exact model
    total = sum(model.get_indexed_objects().count() for model in models)
    done, new = 0, 0
    for model in models:
        for chunk in _chunks(_vocabulary_objects(model)):
            new += _remember_vocabulary(analyzer, chunk)
            done += len(chunk)
            if progress:
                progress("词典", done, max(done, total))
    return new


def learn_words(model, pks):
    """Store the dictionary words of these objects of ``model``; returns how many were new.

    For bulk writers (an import) to call before indexing what they wrote: indexed a chunk at a
    time, earlier objects would be segmented without the words of later ones, as pages saved
    one by one are (see the module docstring), and miss searches for them until a rebuild.
    """
    analyzer, pks, new = get_analyzer(), list(pks), 0
    for start in range(0, len(pks), CHUNK_SIZE):
        new += _remember_vocabulary(
            analyzer, _vocabulary_objects(model).filter(pk__in=pks[start:start + CHUNK_SIZE]))
    return new


def models_by_index(backend, models):
    """{index: [models]} in the order met (pages of every type share one index on a cluster)."""
    indexes, grouped = {}, {}
    for model in models:
        index = backend.get_index_for_model(model)
        indexes.setdefault(index.get_key(), index)
        grouped.setdefault(index.get_key(), []).append(model)
    return {indexes[key]: grouped[key] for key in grouped}


def _fill(index, models, progress=None, pool=None):
    """Write every indexed object of ``models`` into ``index``, a chunk at a time (in ``pool``'s
    worker processes when given); returns how many."""
    total = sum(model.get_indexed_objects().count() for model in models)
    done = 0
    for model in models:
        if pool is None:
            written = (_write(index, model, chunk) for chunk in _chunks(model.get_indexed_objects()))
        else:
            label = model._meta.label
            written = pool.imap_unordered(_write_chunk, ((label, pks) for pks in _pk_chunks(model)))
        for count in written:
            done += count
            if progress:
                progress("索引", done, max(done, total))
    return done


def _write(index, model, chunk):
    index.add_items(model, chunk)
    return len(chunk)


def _pk_chunks(model):
    pks = list(model.get_indexed_objects().order_by("pk").values_list("pk", flat=True))
    return [pks[start:start + CHUNK_SIZE] for start in range(0, len(pks), CHUNK_SIZE)]


_worker = {}  # in a worker process: the index it writes into


def _start_worker(backend_name, index_name):
    backend = get_search_backend(backend_name)  # a client of its own, not the parent's sockets
    _worker["index"] = backend.index_class(backend, index_name)


def _write_chunk(task):
    from django.apps import apps

    label, pks = task
    model = apps.get_model(label)
    return _write(_worker["index"], model,
                  list(model.get_indexed_objects().filter(pk__in=pks).order_by("pk")))


def worker_count(objects):
    """Processes that build documents in a cluster rebuild: one per core (at most
    ``ZHINAN_INDEX_WORKERS``, 4), for rebuilds of ``POOL_FROM`` objects or more; none (this
    process does it) for small ones, inside a transaction, or on an in-memory database, which
    a forked process cannot share."""
    from django.conf import settings
    from django.db import connection

    wanted = min(os.cpu_count() or 1, getattr(settings, "ZHINAN_INDEX_WORKERS", 4))
    in_memory = connection.vendor == "sqlite" and connection.is_in_memory_db()
    if objects < POOL_FROM or wanted < 2 or connection.in_atomic_block or in_memory:
        return 0
    return wanted


@contextmanager
def worker_pool(backend_name, index, objects):
    """A pool of forked processes writing into ``index`` (None when ``worker_count`` says so).
    Database connections are closed first, so each process opens its own."""
    workers = worker_count(objects)
    if not workers:
        yield None
        return
    from django.db import connections

    connections.close_all()
    context = multiprocessing.get_context("fork")
    with context.Pool(workers, _start_worker, (backend_name, index.name)) as pool:
        yield pool


def rebuild(backend_names=None, progress=None, dictionary=True):
    """Rebuild the dictionary (unless ``dictionary`` is false: it is up to date) and then the
    index of each backend; returns objects indexed.

    A cluster's new index is filled with refresh and replicas off (``bulk_loading``), by worker
    processes when there are many objects (``worker_pool``)."""
    if dictionary:
        build_dictionary(progress)
    names = backend_names or list(get_app_config().get_search_backend_config())
    indexed = 0
    for name in names:
        backend = get_search_backend(name)
        if not backend.rebuilder_class:
            continue
        started = timezone.now()
        marker = ClusterRebuild.objects.create(started_at=started) \
            if hasattr(backend, "catch_up") else None
        for index, models in models_by_index(backend, get_indexed_models()).items():
            rebuilder = backend.rebuilder_class(index)
            index = rebuilder.start()
            for model in models:
                index.add_model(model)
            if hasattr(index, "bulk_loading"):
                objects = sum(model.get_indexed_objects().count() for model in models)
                with index.bulk_loading(), worker_pool(name, index, objects) as pool:
                    indexed += _fill(index, models, progress, pool)
            else:
                indexed += _fill(index, models, progress)
            rebuilder.finish()
            index.refresh()
        if marker is not None:
            # What failed to reach the cluster before is in now; what was written while the
            # new indexes were filled is written again, into them (see ``ClusterRebuild``).
            PendingIndexUpdate.objects.filter(recorded_at__lt=started).delete()
            for _ in range(1000):  # batches of CATCH_UP_BATCH; bounded if writes never stop
                if not backend.catch_up():
                    break
            ClusterRebuild.objects.filter(pk=marker.pk).update(finished_at=timezone.now())
            ClusterRebuild.objects.exclude(pk=marker.pk).exclude(finished_at=None).delete()
    return indexed
