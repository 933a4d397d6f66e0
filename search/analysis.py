"""Chinese text analysis for search: pure functions, no database, no request.

Index text and query text go through the same ``Analyzer`` so that a word inside a sentence is
found by the same word typed alone. The steps:

* **normalise**: NFKC (full-width letters, digits and punctuation become half-width), lower case,
  Traditional and variant characters to Simplified standard forms (``search/script.py``);
* **segment**: jieba's precise mode without HMM guessing (deterministic: the same characters give
  the same words in a title and in a query), with a custom dictionary built from the catalog's own
  titles, aliases and material names so domain words such as 准生证 or 营业执照 stay whole;
* **search-mode expansion** (index side): every dictionary word inside a longer word is emitted
  too, at any length, so 营业执照 is found inside 个体户营业执照 (jieba's own search mode stops at
  3-character sub-words);
* **pinyin** of titles and aliases: full (yingyezhizhao), initials (yyzz) and per word (yingye),
  and the full pinyin with zh/z, ch/c, sh/s, -ng/-n folded (``fold_pinyin``), as typed queries are;
* **character bigrams** of titles and aliases, so that any two characters of a name match, and
  a run of characters the dictionary does not know (a person's name) matches as its bigrams;
* **query**: question filler (怎么/如何/需要/什么/办理 …) is dropped, each remaining word becomes a
  group of alternatives: itself plus the editors' synonyms (准生证 → 生育服务证).

The database backends write the resulting tokens space-separated, which SQLite FTS5 and
PostgreSQL's ``simple`` configuration both split on spaces only: segmentation is ours, not theirs.
"""

import re
import threading
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import jieba
from pypinyin import Style, lazy_pinyin

from .script import to_simplified

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
RUNS = re.compile(rf"[{CJK}]+|[a-z0-9]+")
CJK_RUN = re.compile(rf"[{CJK}]+")
IS_CJK = re.compile(rf"^[{CJK}]+$")
# Splits names into the phrases that become dictionary words (《出生医学证明》（原件） → 出生医学证明, 原件).
PHRASE_SEPARATORS = re.compile(rf"[^{CJK}a-z0-9]+")
LIST_SEPARATORS = re.compile(r"[、，,;；\s]+")
MIN_WORD, MAX_WORD = 2, 16
CUSTOM_WORD_FREQ = 20000
MAX_QUERY_CHARS = 1000  # as search.results.MAX_QUERY_INPUT
MAX_QUERY_GROUPS = 20

# Question filler: words citizens wrap around what they look for. Dropped from queries unless the
# query has nothing else (a search for 办理 still searches for 办理).
STOP_WORDS = frozenset("""
怎么 怎么办 怎么样 怎样 如何 哪里 哪儿 在哪 在哪里 在哪儿 哪个 哪些 什么 啥 咋 咋办 为什么
需要 需 要 想 想要 我 我们 你 您 他 她 它 的 地 得 了 着 过 吗 呢 吧 啊 呀 嘛 么 是 有 没有 和 与 及 或 或者
在 去 到 给 把 被 对 向 从 可以 能 能否 可否 是否 应该 应当 必须 一下 一个 有关 相关 问题 请问 如果 的话
办理 办 申请 申领 办事 指南 手续 流程 材料 资料 条件 要求 准备 提交 携带 带 多少 多少钱 费用 收费 多久
时间 几天 地点 地址 电话 网上 在线 哪家 哪些 自己 本人 还 又 也 都 就 才 后 前 时 之后 以后 现在 刚 刚刚
这里 这边 这儿 那里 那边 那儿
""".split())


@dataclass(frozen=True)
class QueryGroup:
    """One word of the query and what may stand in for it (synonyms); any alternative matches.

    ``loose``: characters jieba does not know as a word (换领 → 换, 领); required at first, left
    out if nothing has them (see ``AnalyzedQuery.core``).
    """

    word: str
    alternatives: tuple
    loose: bool = False


@dataclass(frozen=True)
class AnalyzedQuery:
    groups: tuple = ()
    dropped: tuple = field(default=())  # filler words removed from the query
    name: str = ""  # the query as a whole name (see ``compact_name``)
    # (i, j): group i stands right before group j in the text, no filler or punctuation between
    # (港澳 → 通行证 in 港澳通行证续签): words that name one thing together (``neighbours_of``).
    adjacent: tuple = ()

    @property
    def is_empty(self):
        return not self.groups

    def core(self):
        """The query without its loose characters, or None when that changes nothing."""
        kept = [index for index, group in enumerate(self.groups) if not group.loose]
        if not kept or len(kept) == len(self.groups):
            return None
        renumber = {old: new for new, old in enumerate(kept)}
        return AnalyzedQuery(tuple(self.groups[index] for index in kept),
                             self.dropped + tuple(g.word for g in self.groups if g.loose),
                             self.name, tuple((renumber[i], renumber[j]) for i, j in self.adjacent
                                              if i in renumber and j in renumber))

    def neighbours_of(self, index):
        """The groups written right beside group ``index`` (see ``adjacent``)."""
        return ({j for i, j in self.adjacent if i == index}
                | {i for i, j in self.adjacent if j == index})

    @property
    def terms(self):
        """Every word that may match, for highlighting."""
        return tuple(dict.fromkeys(alt for group in self.groups for alt in group.alternatives))


def normalize(text):
    """The one normalisation of index text and query text: NFKC (full-width ＡＢＣ１２３ and （）
    become abc123 and ()), lower case, Traditional and variant characters in Simplified standard
    form (營業執照 → 营业执照, 身分证 → 身份证; ``search/script.py``). Keeps the length of
    texts without compatibility characters, so highlights map back onto the original."""
    return to_simplified(unicodedata.normalize("NFKC", text or "").lower())


def dictionary_phrases(text):
    """The phrases of a title, alias or material name that should stay whole when segmenting."""
    return [phrase for phrase in PHRASE_SEPARATORS.split(normalize(text))
            if MIN_WORD <= len(phrase) <= MAX_WORD and IS_CJK.match(phrase)]


@lru_cache(maxsize=65536)
def pinyin_forms(text):
    """Full pinyin and initials of the Chinese in ``text``: 营业执照 → (yingyezhizhao, yyzz)."""
    chinese = "".join(CJK_RUN.findall(normalize(text)))
    if not chinese:
        return ()
    full = "".join(lazy_pinyin(chinese))
    initials = "".join(lazy_pinyin(chinese, style=Style.FIRST_LETTER))
    return tuple(dict.fromkeys(form for form in (full, initials) if form.isascii() and form))


# Sounds many people do not tell apart when they type pinyin (southern accents, a missed key):
# zh/z, ch/c, sh/s and the -ng/-n finals. Index and query both fold them, so juzhuzen finds
# 居住证 (juzhuzheng) and gongzufan 公租房 (gongzufang); exact pinyin still ranks as before.
FUZZY_PINYIN = (("zh", "z"), ("ch", "c"), ("sh", "s"), ("ng", "n"))
MIN_FUZZY_PINYIN = 4  # shorter letter runs are initials (yyzz) or English, not pinyin to fold


def fold_pinyin(text):
    """``text`` with the sounds of ``FUZZY_PINYIN`` folded: yingyezhizhao → yinyezizao."""
    for sound, folded in FUZZY_PINYIN:
        text = text.replace(sound, folded)
    return text


def pinyin_keys(text):
    """What the index holds for the pinyin of a name: ``pinyin_forms`` and the folded full
    pinyin (initials are not folded: zh and z already share theirs)."""
    forms = pinyin_forms(text)
    if forms and len(forms[0]) >= MIN_FUZZY_PINYIN:
        return tuple(dict.fromkeys(forms + (fold_pinyin(forms[0]),)))
    return forms


def fuzzy_pinyin_query(word):
    """The folded form of a typed pinyin word, or '' when folding changes nothing."""
    if len(word) < MIN_FUZZY_PINYIN or not (word.isascii() and word.isalpha()):
        return ""
    folded = fold_pinyin(word)
    return folded if folded != word else ""


def compact_name(text):
    """A name with only its letters, digits and characters: 企业设立登记（有限责任公司） →
    企业设立登记有限责任公司."""
    return "".join(PHRASE_SEPARATORS.split(normalize(text)))


def name_mark(name):
    """The token saying "this is a whole name": digits around it, so nobody types it."""
    return f"0{name}0" if name else ""


def name_marks(text):
    """Marks for each name in ``text`` (a title, or aliases separated by 、), its phrases and
    their pinyin: a query that is exactly a name can be found first."""
    marks = []
    for item in LIST_SEPARATORS.split(normalize(text)):
        names = [compact_name(item)] + dictionary_phrases(item)
        for name in dict.fromkeys(n for n in names if n):
            marks.append(name_mark(name))
            marks.extend(name_mark(form) for form in pinyin_keys(name))
    return list(dict.fromkeys(marks))


def bigrams(text):
    """Every pair of adjacent Chinese characters: 公租房 → 公租, 租房."""
    grams = []
    for run in CJK_RUN.findall(normalize(text)):
        grams.extend(run[i:i + 2] for i in range(len(run) - 1))
    return grams


class Analyzer:
    """Segmentation with a custom dictionary and editor synonyms; see the module docstring.

    ``words``: domain words to keep whole; ``synonyms``: {what people type: [official words]}.
    Words can be added later (``add_words``) as the catalog grows; jieba's tokenizer is shared by
    threads, so additions take a lock.
    """

    def __init__(self, words=(), synonyms=None, stop_words=STOP_WORDS):
        self.tokenizer = jieba.Tokenizer()
        self.tokenizer.initialize()
        self.stop_words = frozenset(stop_words)
        self.synonyms = {}
        self._lock = threading.Lock()
        self.custom_words = set()
        self._cut = lru_cache(maxsize=32768)(self._cut_run)
        # Catalogs repeat text (the same material in hundreds of guides): tokens are cached.
        self._index_tokens = lru_cache(maxsize=65536)(self._index_tokens_uncached)
        self._name_tokens = lru_cache(maxsize=65536)(self._name_tokens_uncached)
        self.add_words(words)
        self.set_synonyms(synonyms or {})

    # --- dictionary -------------------------------------------------------------------------

    def add_words(self, texts):
        """Add the dictionary phrases of ``texts`` (titles, aliases, material names…).

        Returns the phrases that were new to this analyzer, for the caller to store.
        """
        new = {phrase for text in texts for phrase in dictionary_phrases(text)} - self.custom_words
        if new:
            with self._lock:
                for word in sorted(new):
                    if self.tokenizer.FREQ.get(word, 0) < CUSTOM_WORD_FREQ:
                        self.tokenizer.add_word(word, freq=CUSTOM_WORD_FREQ)
                self.custom_words |= new
                for cache in (self._cut, self._index_tokens, self._name_tokens):
                    cache.cache_clear()
        return sorted(new)

    def set_synonyms(self, synonyms):
        """Replace the synonym table; its words join the dictionary so they segment whole."""
        table = {}
        for term, targets in synonyms.items():
            key = normalize(term).strip()
            values = [normalize(t).strip() for t in targets if normalize(t).strip()]
            if key and values:
                table.setdefault(key, [])
                table[key].extend(v for v in values if v not in table[key] and v != key)
        self.add_words(list(table) + [v for values in table.values() for v in values])
        self.synonyms = table

    def is_word(self, text):
        return self.tokenizer.FREQ.get(text, 0) > 0

    # --- segmentation -----------------------------------------------------------------------

    def _cut_run(self, run):
        return tuple(self.tokenizer.cut(run, HMM=False))

    def words(self, text):
        """The words of ``text`` in order (precise mode), punctuation and spaces dropped."""
        result = []
        for run in RUNS.findall(normalize(text)):
            if IS_CJK.match(run):
                result.extend(self._cut(run))
            else:
                result.append(run)
        return result

    def sub_words(self, word):
        """Dictionary words strictly inside ``word``: 个体户营业执照 → 个体, 个体户, 营业, 执照, 营业执照."""
        if len(word) <= 2 or not IS_CJK.match(word):
            return []
        found = []
        for size in range(len(word) - 1, 1, -1):
            for start in range(len(word) - size + 1):
                piece = word[start:start + size]
                if self.is_word(piece) and piece not in found:
                    found.append(piece)
        return found

    def index_tokens(self, text):
        """Tokens to index for body text: words plus the dictionary words inside them."""
        return list(self._index_tokens(text))

    def name_tokens(self, text):
        """Tokens for a title or alias: as body text, plus bigrams and pinyin so short and
        romanised queries find names."""
        return list(self._name_tokens(text))

    def _index_tokens_uncached(self, text):
        tokens = []
        for word in self.words(text):
            tokens.append(word)
            tokens.extend(self.sub_words(word))
        return tuple(tokens)

    def _name_tokens_uncached(self, text):
        tokens = list(self._index_tokens(text))
        tokens.extend(bigrams(text))
        for phrase in PHRASE_SEPARATORS.split(normalize(text)):
            tokens.extend(pinyin_keys(phrase))
        for word in dict.fromkeys(tokens):
            if len(word) > 1 and IS_CJK.match(word):
                tokens.extend(pinyin_keys(word))
        tokens.extend(name_marks(text))
        return tuple(tokens)

    # --- queries ----------------------------------------------------------------------------

    def analyze_query(self, text):
        """What to look for: groups of alternatives, all groups required (see ``QueryGroup``)."""
        text = normalize(text)[:MAX_QUERY_CHARS]
        whole = text.strip()
        words = [w for w in self.words(text) if w.strip()]
        kept = [w for w in words if w not in self.stop_words]
        dropped = tuple(w for w in words if w in self.stop_words)
        if not kept:  # only filler: search for it as typed
            kept, dropped = words, ()
            words = kept
        items = self._merge_characters(words, set(kept))
        if any(not loose for _, loose in items):  # a lone character beside words is noise (个)
            dropped += tuple(w for w, loose in items if loose and len(w) == 1)
            items = [(w, loose) for w, loose in items if not (loose and len(w) == 1)]
        groups = []
        for word, loose in dict.fromkeys(items):
            if loose:  # characters jieba does not know as a word (换领): together, side by
                # side, or (a name inside a title that is one dictionary phrase: 刘绍荟 in
                # 刘绍荟现代重彩与白描艺术展) as the title's character bigrams
                alternatives = [word, " ".join(word)] if len(word) > 1 else [word]
                if len(word) > 2:
                    alternatives.append(" ".join(bigrams(word)))
            else:
                # A synonym containing the word (身份证 → 居民身份证) finds nothing more: the
                # index holds the words inside every word.
                alternatives = [word] + [s for s in self.synonyms.get(word, [])
                                         if word not in self.sub_words(s)]
                alternatives.append(fuzzy_pinyin_query(word))  # '' is dropped below
            groups.append(QueryGroup(word, tuple(dict.fromkeys(a for a in alternatives if a)),
                                     loose))
        compact = re.sub(r"\s+", "", whole)
        adjacent = ()
        if len(groups) > 1 and compact in self.synonyms:  # a synonym typed whole
            groups = [QueryGroup(compact, tuple(dict.fromkeys([compact] + self.synonyms[compact])))]
        else:
            groups = groups[:MAX_QUERY_GROUPS]
            adjacent = self._adjacent(text, [group.word for group in groups])
        return AnalyzedQuery(tuple(groups), dropped, compact_name(text), adjacent)

    def _adjacent(self, text, words):
        """Pairs of group indexes written side by side: consecutive words of one run of
        characters, neither of them filler (see ``AnalyzedQuery.adjacent``)."""
        index = {word: position for position, word in enumerate(words)}
        pairs = []
        for run in RUNS.findall(text):
            previous = None
            for word in self._cut(run) if IS_CJK.match(run) else (run,):
                current = index.get(word)
                if None not in (previous, current) and previous != current:
                    pairs.append((previous, current))
                previous = current
        return tuple(dict.fromkeys(pairs))

    def _merge_characters(self, words, kept):
        """(word, loose) in order: runs of single kept characters become one loose word."""
        items, run = [], ""
        for word in words + [""]:
            if word in kept and len(word) == 1 and IS_CJK.match(word):
                run += word
                continue
            if run:
                items.append((run, True))
                run = ""
            if word in kept:
                items.append((word, False))
        return items

    def relaxed_terms(self, query, sub_words=False):
        """Every alternative (and with ``sub_words`` the dictionary words inside them), for an
        any-word search when all-words finds nothing."""
        terms = []
        for group in query.groups:
            for alternative in group.alternatives:
                terms.append(alternative)
                if sub_words:
                    terms.extend(self.sub_words(alternative))
        return list(dict.fromkeys(terms))


def join_tokens(tokens):
    return " ".join(token for token in tokens if token)
