"""Rebuilding the search index: the dictionary first, then every indexed object.

Pages are indexed one by one as they are saved, each with the dictionary as it is at that moment;
a word that enters the dictionary later (a new alias) is then missing from pages indexed earlier.
A rebuild collects every dictionary word first and then indexes everything with the complete
dictionary. Run it after bulk loads and imports (``manage.py rebuild_search``).

On a search cluster each index is rebuilt beside the live one and the alias is then pointed at
it in one step (Wagtail's atomic rebuilder, on by default): searches keep finding the old index
until the new one is complete, never an empty one.
"""

from modelsearch.backends import get_search_backend
from modelsearch.conf import get_app_config
from modelsearch.index import get_indexed_models
from django.utils import timezone

from .documents import build_document
from .models import PendingIndexUpdate
from .vocabulary import get_analyzer, remember_words

CHUNK_SIZE = 500


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


def build_dictionary(progress=None):
    """Store the dictionary words of every indexed object; returns how many were new."""
    analyzer = get_analyzer()
    models = get_indexed_models()  # each model's indexed objects are of that exact model
    total = sum(model.get_indexed_objects().count() for model in models)
    done, new = 0, 0
    for model in models:
        for chunk in _chunks(_vocabulary_objects(model)):
            texts = [text for obj in chunk for text in build_document(obj, vocabulary_only=True).vocabulary()]
            new += len(remember_words(analyzer, texts))
            done += len(chunk)
            if progress:
                progress("词典", done, max(done, total))
    return new


def models_by_index(backend, models):
    """{index: [models]} in the order met (pages of every type share one index on a cluster)."""
    indexes, grouped = {}, {}
    for model in models:
        index = backend.get_index_for_model(model)
        indexes.setdefault(index.get_key(), index)
        grouped.setdefault(index.get_key(), []).append(model)
    return {indexes[key]: grouped[key] for key in grouped}


def rebuild(backend_names=None, progress=None):
    """Rebuild the dictionary and then the index of each backend; returns objects indexed."""
    build_dictionary(progress)
    names = backend_names or list(get_app_config().get_search_backend_config())
    indexed = 0
    for name in names:
        backend = get_search_backend(name)
        if not backend.rebuilder_class:
            continue
        started = timezone.now()
        for index, models in models_by_index(backend, get_indexed_models()).items():
            rebuilder = backend.rebuilder_class(index)
            index = rebuilder.start()
            for model in models:
                index.add_model(model)
            total = sum(model.get_indexed_objects().count() for model in models)
            done = 0
            for model in models:
                for chunk in _chunks(model.get_indexed_objects()):
                    index.add_items(model, chunk)
                    done += len(chunk)
                    if progress:
                        progress("索引", done, max(done, total))
            rebuilder.finish()
            index.refresh()
            indexed += done
        if hasattr(backend, "catch_up"):  # what failed to reach the cluster before is in now
            PendingIndexUpdate.objects.filter(recorded_at__lt=started).delete()
    return indexed
