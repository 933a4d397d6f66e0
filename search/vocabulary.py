"""The process's analyzer, kept in step with the dictionary and synonyms stored in the database.

Every web worker builds one ``Analyzer`` (jieba's dictionary takes about half a second) and, before
each use, compares a cheap version stamp (the newest dictionary word, the synonyms' last change)
with what it loaded; only what changed is applied. So a word added while another worker indexed
a page, or a synonym an editor just saved, is used by every worker's next search.
"""

import threading

from django.db.models import Count, Max

from .analysis import Analyzer

_lock = threading.Lock()
_state = {"analyzer": None, "word_id": 0, "synonyms": None}


def _synonym_stamp():
    from .models import Synonym

    stamp = Synonym.objects.aggregate(changed=Max("updated_at"), count=Count("id"))
    return (stamp["changed"], stamp["count"])


def get_analyzer():
    """The shared analyzer with every stored dictionary word and the current synonyms."""
    from .models import DictionaryWord, Synonym

    newest = DictionaryWord.objects.aggregate(newest=Max("id"))["newest"] or 0
    synonyms = _synonym_stamp()
    analyzer = _state["analyzer"]
    if analyzer is not None and newest == _state["word_id"] and synonyms == _state["synonyms"]:
        return analyzer
    with _lock:
        if _state["analyzer"] is None:
            words = DictionaryWord.objects.values_list("word", flat=True)
            _state["analyzer"] = Analyzer(words=list(words), synonyms=Synonym.table())
        else:
            if newest > _state["word_id"]:
                added = DictionaryWord.objects.filter(id__gt=_state["word_id"])
                _state["analyzer"].add_words(added.values_list("word", flat=True))
            if synonyms != _state["synonyms"]:
                _state["analyzer"].set_synonyms(Synonym.table())
        _state["word_id"], _state["synonyms"] = newest, synonyms
        return _state["analyzer"]


def remember_words(analyzer, texts):
    """Add the phrases of ``texts`` to ``analyzer`` and store those it did not know yet."""
    from .models import DictionaryWord

    new = analyzer.add_words(texts)
    if new:
        DictionaryWord.objects.bulk_create([DictionaryWord(word=word) for word in new],
                                           ignore_conflicts=True, batch_size=500)
    return new
