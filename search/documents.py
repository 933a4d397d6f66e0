"""What of a page goes into the search index, and how much each part weighs.

Models declare their ``search_fields`` as usual; this module sorts them into four tiers, the
ranking order the catalog asks for:

* ``TITLE``: the title and fields boosted 4 or more (a guide's 俗称/关键词);
* ``CODE``: fields boosted 3 (事项编码);
* ``NAMES``: fields boosted 2 (申请材料): for a StreamField only the blocks' ``name`` counts
  here, the rest of the blocks' text is body;
* ``BODY``: everything else.

Each tier is turned into tokens by the analyzer (``tokens``). The database backends and the
Elasticsearch document use the result, so every backend indexes the same words.
"""

from dataclasses import dataclass, field

from django.utils.encoding import force_str
from modelsearch.index import AutocompleteField, RelatedFields, SearchField
from wagtail.blocks import StreamValue, StructValue

from .analysis import name_marks

TITLE, CODE, NAMES, BODY = "title", "code", "names", "body"
TIERS = (TITLE, CODE, NAMES, BODY)
NAME_KEYS = ("name", "title", "question")


@dataclass
class SearchDocument:
    texts: dict = field(default_factory=lambda: {tier: [] for tier in TIERS})
    autocomplete: list = field(default_factory=list)  # what suggestions match as people type
    # {field name: the value Wagtail's SearchField.get_value gives}, for a cluster's document
    # to reuse: a StreamField's searchable text costs more to make than anything else here.
    values: dict = field(default_factory=dict)

    def add(self, tier, values):
        self.texts[tier].extend(text for text in flatten(values) if text.strip())

    def vocabulary(self):
        """Texts whose phrases belong in the segmentation dictionary: names and titles."""
        return self.texts[TITLE] + self.texts[NAMES]


def tier_of(search_field):
    boost = search_field.boost or 0
    if search_field.field_name == "title" or boost >= 4:
        return TITLE
    if boost >= 3:
        return CODE
    if boost >= 2:
        return NAMES
    return BODY


def flatten(value):
    """Strings out of a field value: text, lists, dicts, stream blocks."""
    if value is None or value is False:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, (StreamValue, list, tuple)):
        return [text for item in value for text in flatten(item)]
    if isinstance(value, (dict, StructValue)):
        return [text for item in value.values() for text in flatten(item)]
    if hasattr(value, "value") and hasattr(value, "block"):  # a stream child
        return flatten(value.block.get_searchable_content(value.value))
    return [force_str(value)]


def raw_names(stream):
    """Each block's name straight from the stored JSON: no block conversion (fast)."""
    names = []
    for item in stream.raw_data:
        value = item.get("value") if isinstance(item, dict) else None
        if isinstance(value, dict):
            names.extend(value[key] for key in NAME_KEYS if isinstance(value.get(key), str)
                         and value[key])
    return names


def split_names(stream, with_text=True):
    """(names, other text, all text) of a StreamField: each block's name, everything else, and
    both in the stream's order (its searchable content, as Wagtail makes it)."""
    if not with_text:
        return raw_names(stream), [], []
    names, other, content = [], [], []
    for child in stream:
        value = child.value
        name = next((value.get(key) for key in NAME_KEYS
                     if isinstance(value, (dict, StructValue)) and value.get(key)), "")
        if name:
            names.append(name)
        texts = child.block.get_searchable_content(value)
        content.extend(texts)
        other.extend(text for text in texts if text != name)
    return names, other, content


def build_document(obj, search_fields=None, vocabulary_only=False, context=()):
    """``obj``'s texts by tier. ``vocabulary_only`` reads just titles and names (fast), for
    building the dictionary before indexing. ``context``: more body text (``ancestor_names``)."""
    document = SearchDocument()
    document.add(BODY, list(context))
    for search_field in search_fields if search_fields is not None else obj.get_search_fields():
        if isinstance(search_field, RelatedFields):
            related = search_field.get_value(obj)
            if related is None:
                continue
            items = related.all() if hasattr(related, "all") else [related]
            for item in items:
                sub = build_document(item, search_field.fields, vocabulary_only)
                for tier in TIERS:
                    document.add(tier, sub.texts[tier])
                document.autocomplete.extend(sub.autocomplete)
            continue
        if isinstance(search_field, AutocompleteField) and not vocabulary_only:
            document.autocomplete.extend(flatten(search_field.get_value(obj)))
            continue
        if not isinstance(search_field, SearchField):
            continue
        tier = tier_of(search_field)
        if vocabulary_only and tier not in (TITLE, NAMES):
            continue
        raw = getattr(obj, search_field.field_name, None)
        if tier == NAMES and isinstance(raw, StreamValue):
            names, other, content = split_names(raw, with_text=not vocabulary_only)
            document.add(NAMES, names)
            document.add(BODY, other)
            if not vocabulary_only:
                document.values[search_field.field_name] = content
        else:
            value = document.values[search_field.field_name] = search_field.get_value(obj)
            document.add(tier, value)
    return document


def ancestor_names(objs):
    """{pk: names} of the pages above each page (below the home page): a guide is found by its
    department's name and short name (公安局, 市人社局). One query for a whole batch."""
    from wagtail.models import Page

    pages = [obj for obj in objs if isinstance(obj, Page)]
    wanted = {page.pk: [page.path[:end] for end in range(3 * page.steplen, len(page.path), page.steplen)]
              for page in pages}
    paths = {path for ancestors in wanted.values() for path in ancestors}
    names = {}
    if paths:
        for ancestor in Page.objects.filter(path__in=paths).specific():
            names[ancestor.path] = [ancestor.title] + [getattr(ancestor, "short_name", "") or ""]
    return {pk: [name for path in ancestors for name in names.get(path, []) if name]
            for pk, ancestors in wanted.items()}


def tokens(document, analyzer):
    """{tier: tokens} for ``document``; titles also get bigrams and pinyin, titles and material
    names the marks of the whole name (``search.analysis.name_marks``)."""
    result = {}
    for tier, texts in document.texts.items():
        if tier == TITLE:
            result[tier] = [t for text in texts for t in analyzer.name_tokens(text)]
        elif tier == CODE:
            result[tier] = [t for text in texts for t in analyzer.words(text)]
        elif tier == NAMES:  # a query that is exactly a material name finds it first
            result[tier] = [t for text in texts
                            for t in analyzer.index_tokens(text) + name_marks(text)]
        else:
            result[tier] = [t for text in texts for t in analyzer.index_tokens(text)]
    return result
