"""Run the background work of a bulk import once per object, after the import has committed.

Every page save enqueues background tasks through django-tasks: the search index and Wagtail's
reference index. With the default immediate backend they run at once, inside the save, so a
guide that is created, revised and published is indexed three times over, and the import's
transaction stays open (and the rows it wrote locked) while text is analysed. While an import
writes, this thread's task backend only collects the tasks; ``run`` then runs each distinct
one once, after the commit, as a task worker would, except that the search index tasks of one
model are done together, a chunk of objects per backend call (as ``rebuild_search`` does), not
an object at a time, and the reference index tasks of one model read their objects a chunk at a
time. A real task queue is left alone: it already runs the work elsewhere.
"""

import logging

from django.apps import apps
from django.db import transaction
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks.backends.dummy import DummyBackend
from django_tasks.backends.immediate import ImmediateBackend
from modelsearch.backends import get_search_backends_with_name
from modelsearch.index import get_indexed_models
from modelcluster.fields import ParentalKey
from modelcluster.models import get_all_child_relations
from modelsearch.tasks import insert_or_update_object_task
from wagtail.models import ReferenceIndex
from wagtail.tasks import update_reference_index_task

from catalog.progress import silent
from search.indexing import learn_words

INDEX_CHUNK = 200
logger = logging.getLogger("modelsearch.index")  # where a failed index task logs too


class DeferredTasks:
    def __init__(self, alias=DEFAULT_TASK_BACKEND_ALIAS):
        self.alias = alias
        self.real = None
        self.collector = None
        self.failed = 0  # objects left out of the search index after the commit

    def __enter__(self):
        real = task_backends[self.alias]
        if isinstance(real, ImmediateBackend):
            self.real = real
            self.collector = DummyBackend(self.alias, {"QUEUES": list(real.queues)})
            task_backends[self.alias] = self.collector  # per thread, like a database connection
        return self

    def __exit__(self, *exc_info):
        if self.real is not None:
            task_backends[self.alias] = self.real
        return False

    def run(self, progress=silent, stage="更新索引"):
        """Run each distinct collected task once, telling ``progress`` as it goes; returns how
        many objects were left out of the search index. A task that fails is logged and the
        others still run: the data they index is already committed.
        """
        if self.collector is None:
            return self.failed
        distinct = {}
        for result in self.collector.results:
            key = (result.task.module_path, repr(result.args), repr(sorted(result.kwargs.items())))
            distinct.setdefault(key, result)
        self.collector.results.clear()
        work = _batches(distinct.values())
        total, done = sum(size for size, _ in work), 0
        for size, function in work:
            self.failed += _run_logged(function, size)
            before, done = done, done + size
            if done // 50 > before // 50 or done == total:
                progress(stage, done, total)
        return self.failed


def _run_logged(function, size=1):
    """Run one piece of after-commit work; returns how many of its ``size`` objects failed (its
    own count, or all of them if it raised). A failure is logged, never raised: the import it
    follows is committed, and reporting it as failed, or skipping the rest, would mislead. The
    import's report says how many guides are missing from the index (``rebuild_search``)."""
    try:
        return function() or 0
    except Exception:
        logger.exception("After-import task failed; the import itself is committed")
        return size


def _batches(results):
    """``[(number of tasks, function doing them)]``: search and reference index tasks of one
    model in chunks, each other task on its own."""
    to_index, to_reference, work = {}, {}, []
    for result in results:
        model = _leaf_model(result)
        if model is not None:
            to_index.setdefault(model, []).append(result.args[2])
        elif (model := _referencing_model(result)) is not None:
            to_reference.setdefault(model, []).append(result.args[2])
        else:
            work.append((1, _enqueuer(result)))
    if to_index:
        # Every word the objects bring is in the dictionary before the first chunk is indexed.
        work.append((0, lambda: _learn_words(to_index)))
    for model, pks in to_index.items():
        for start in range(0, len(pks), INDEX_CHUNK):
            chunk = pks[start:start + INDEX_CHUNK]
            work.append((len(chunk), _indexer(model, chunk)))
    # Then the references (which media a published page uses: catalog.access.media_is_public).
    for model, pks in to_reference.items():
        for start in range(0, len(pks), INDEX_CHUNK):
            chunk = pks[start:start + INDEX_CHUNK]
            work.append((len(chunk), _referencer(model, chunk)))
    return work


def _leaf_model(result):
    """The model a search index task indexes, if its objects can be indexed as they are: the task
    indexes an object's most specific form (a page's ``specific``), which a model without
    indexed subclasses (a guide) is already."""
    if result.task.module_path != insert_or_update_object_task.module_path or result.kwargs:
        return None
    model = apps.get_model(*result.args[:2])
    if any(other is not model and issubclass(other, model) for other in get_indexed_models()):
        return None
    return model


def _learn_words(to_index):
    for model, pks in to_index.items():
        learn_words(model, pks)
    return 0


def _referencing_model(result):
    """The model a reference index task indexes, if the task indexes its objects as they are:
    not a child model, whose task indexes the parent instead."""
    if result.task.module_path != update_reference_index_task.module_path or result.kwargs:
        return None
    model = apps.get_model(*result.args[:2])
    if any(isinstance(field, ParentalKey) for field in model._meta.get_fields()):
        return None
    return model


def _referencer(model, pks):
    """What ``update_reference_index_task`` does for each of ``pks``, with the objects and
    their child relations (a guide's hall links, its comments) read a chunk at a time instead
    of four queries an object."""
    def index():
        """Returns how many objects could not be indexed (each is logged)."""
        if not ReferenceIndex.is_indexed(model):
            return 0
        relations = [relation.get_accessor_name() for relation in get_all_child_relations(model)]
        objs = model.objects.filter(pk__in=pks).prefetch_related(*relations)
        return sum(_run_logged(lambda obj=obj: _reference(obj)) for obj in objs)
    return index


def _reference(obj):
    with transaction.atomic():
        ReferenceIndex.create_or_update_for_object(obj)


def _enqueuer(result):
    def enqueue():
        result.task.enqueue(*result.args, **result.kwargs)  # a failed task logs its own error
    return enqueue


def _indexer(model, pks):
    """What ``insert_or_update_object_task`` does for each of ``pks``, for all of them at once:
    the objects the model indexes (``get_indexed_objects``) are added to every backend."""
    def index():
        """Returns how many objects some backend could not index."""
        objs = list(model.get_indexed_objects().filter(pk__in=pks))
        if not objs:
            return 0
        failed = set()
        for name, backend in get_search_backends_with_name(with_auto_update=True):
            try:
                backend.add_bulk(model, objs)
            except Exception:
                # One bad object must not keep the others of its chunk out of the index: they
                # are added one at a time, and only those that fail are left out (and logged).
                logger.exception("Exception raised while adding %d %s into the '%s' search "
                                 "backend; adding them one at a time", len(objs),
                                 model._meta.verbose_name_plural, name)
                failed.update(obj.pk for obj in objs
                              if _run_logged(lambda obj=obj: backend.add(obj)))
        return len(failed)
    return index
