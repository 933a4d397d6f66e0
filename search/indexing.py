"""Rebuilding the search index: the dictionary first, then every indexed object.

Pages are indexed one by one as they are saved, each with the dictionary as it is at that moment;
a word that enters the dictionary later (a new alias) is then missing from pages indexed earlier.
A rebuild collects every dictionary word first and then indexes everything with the complete
dictionary. Run it after bulk loads and imports (``manage.py rebuild_search``).
"""

from modelsearch.backends import get_search_backend
from modelsearch.conf import get_app_config
from modelsearch.index import get_indexed_models
from modelsearch.management.commands.rebuild_modelsearch_index import group_models_by_index

from .documents import build_document
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


def rebuild(backend_names=None, progress=None):
    """Rebuild the dictionary and then the index of each backend; returns objects indexed."""
    build_dictionary(progress)
    names = backend_names or list(get_app_config().get_search_backend_config())
    indexed = 0
    for name in names:
        backend = get_search_backend(name)
        if not backend.rebuilder_class:
            continue
        for index, models in group_models_by_index(backend, get_indexed_models()).items():
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
    return indexed
