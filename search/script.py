"""Script and variant folding: what a citizen types and what a guide says meet in one form.

Citizens from Hong Kong, Macao and Taiwan, many older citizens, and policy documents write
Traditional characters (營業執照, 戶口遷出); others write variant forms (身分证 for 身份证, 帐户 for
账户). ``to_simplified`` turns all of them into the Simplified standard form the catalog uses. It
is called only by ``search.analysis.normalize``, the one normalisation of index text and query
text, so both sides always agree.

The converter is ``opencc-python-reimplemented`` (PyPI, module ``opencc``): OpenCC's own
conversion tables (phrases first, then characters, so 乾隆 stays but 乾燥 → 干燥) in pure Python.
Chosen over the ``OpenCC`` binding because it installs from a plain wheel on every platform and
Python version without a compiler or binary wheel, and its speed is ample here: a text without a
single Traditional character (nearly all of the catalog) is returned after one set test, and
converted texts are cached by the analyzer. Both packages install into the same ``opencc``
module, so only one may be declared.

OpenCC converts character for character (a phrase maps to a phrase of the same length), and so
does the variant table below: a converted text has the same length as the original, which lets
highlighting mark the citizen's own characters (``search/highlight.py``).
"""

from functools import lru_cache
from pathlib import Path

import opencc

_converter = opencc.OpenCC("t2s")
DICTIONARY_DIR = Path(opencc.__file__).parent / "dictionary"

# Variant forms OpenCC keeps (they are not Traditional, or Japanese forms), folded to the
# standard Simplified form. Same length on both sides (see the module docstring). Kept small:
# only forms people really type for words the catalog uses.
VARIANTS = {
    "身分": "身份",  # 身分证, 身分证明 (Taiwan and older usage)
    "帐户": "账户",
    "帐号": "账号",
    "户藉": "户籍",  # a common miswriting
    "成份": "成分",  # 民族成份
    "图象": "图像",
    "戸": "户",  # Japanese form
    "歳": "岁",
    "衞": "卫",
    "発": "发",
    "証": "证",
}


def _convertible_characters():
    """Every character OpenCC's t2s tables or our variant table may change."""
    chars = set("".join(VARIANTS))
    for name in ("TSCharacters.txt", "TSPhrases.txt"):
        with open(DICTIONARY_DIR / name, encoding="utf-8") as handle:
            for line in handle:
                chars.update(line.split("\t", 1)[0].strip())
    return frozenset(chars)


CONVERTIBLE = _convertible_characters()


@lru_cache(maxsize=65536)
def _convert(text):
    converted = _converter.convert(text)
    if len(converted) != len(text):  # never expected (see the module docstring): keep the text
        converted = text
    for variant, standard in VARIANTS.items():
        if variant in converted:
            converted = converted.replace(variant, standard)
    return converted


def to_simplified(text):
    """``text`` in Simplified standard forms: 營業執照 → 营业执照, 身分证 → 身份证; same length."""
    if not text or CONVERTIBLE.isdisjoint(text):
        return text
    return _convert(text)
