"""Cell values as departments really write them, parsed and written back: pure functions.

A spreadsheet kept by hand says `30(工作日)`, `20个工作日`, `即办`, `无`, `不收费`, `1次`,
`３０` (full-width) or leaves the cell blank. Each ``parse_*`` function turns one cell into the
value a guide stores and raises ``ValueError`` with a Chinese message that says what was
expected and what was found; each ``render_*`` function writes a value back the way the export
spells it. ``parse(render(value))`` gives ``value`` back, which is what makes export → import a
no-op. Nothing here touches the database.
"""

import datetime
import re
import unicodedata

BLANK_WORDS = {"", "无", "-", "—", "－", "/", "／", "不适用", "暂无"}
TRUE_WORDS = {"是", "有", "支持", "允许", "可以", "需要", "收费", "计入", "√", "✓", "✔", "y", "yes",
              "true", "t", "1", "对"}
FALSE_WORDS = {"否", "无", "不支持", "不允许", "不可以", "不需要", "不收费", "免费", "不计入", "×", "✗",
               "✘", "n", "no", "false", "f", "0", "不"}
IMMEDIATE_WORDS = {"即办", "即办件", "即时", "即时办结", "当场", "当场办结", "当即办结", "立即办结", "0"}
END_WORDS = {"办结", "结束", "end", "END"}
CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
             "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
DAY_UNITS = {"工作日": "工作日", "自然日": "自然日", "日": "自然日", "天": "自然日"}
DAYS_PATTERN = re.compile(
    r"^(?P<number>\d+|[零〇一二两三四五六七八九十百千]+)个?[(（]?(?P<unit>工作日|自然日|日|天)?[)）]?$"
)
VISITS_PATTERN = re.compile(r"^(?:最多)?(?:跑)?(?P<number>\d+|[零〇一二两三四五六七八九十]+)次?$")
COUNT_PATTERN = re.compile(r"^(?P<number>\d+|[零〇一二两三四五六七八九十百]+)(?:份|张|件|套|本|个)?$")
ITEM_CODE_PATTERN = re.compile(r"^[0-9A-Za-z\-]{6,64}$")
LIST_SEPARATORS = re.compile(r"[、，,;；\n]+")
ARROW = re.compile(r"\s*(?:→|->|=>|⇒|—>)\s*")
DATE_PATTERN = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
URL_PATTERN = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


# --- text -------------------------------------------------------------------------------------


HALFWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def halfwidth(text):
    """Full-width letters, digits, punctuation and the ideographic space as their ASCII forms.

    Only for structured values (numbers, codes, choices): free text keeps its Chinese
    punctuation, which is correct there.
    """
    return text.translate(HALFWIDTH)


def cell_text(value):
    """Any cell value (str, number, date, None) as trimmed text with ``\n`` line breaks."""
    if value is None:
        return ""
    if not isinstance(value, str):
        return _other_text(value)
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    if "\n" in value:
        value = "\n".join(line.rstrip() for line in value.split("\n"))
    return value.strip()


def _other_text(value):
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date() if value.time() == datetime.time() else value
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return cell_text(str(value))


def compact(value):
    """Text for matching a word: half-width, no spaces at all."""
    return re.sub(r"\s+", "", halfwidth(cell_text(value)))


def is_blank(value):
    return compact(value) in BLANK_WORDS


def parse_text(value, max_length=None, required=False):
    text = cell_text(value)
    if required and not text:
        raise ValueError("不能为空")
    if max_length and len(text) > max_length:
        raise ValueError(f"不能超过 {max_length} 个字，实际 {len(text)} 个字")
    return text


def parse_line(value, max_length=None, required=False):
    """Single-line text: line breaks inside a cell become spaces."""
    return parse_text(" ".join(cell_text(value).split("\n")), max_length, required)


# --- numbers ------------------------------------------------------------------------------------


def chinese_number(text):
    """``三十`` → 30, ``一百零五`` → 105, ``两`` → 2; ValueError if it is not a plain numeral."""
    if not text or any(ch not in CN_DIGITS and ch not in CN_UNITS for ch in text):
        raise ValueError(text)
    total, digit = 0, None
    for ch in text:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
        else:
            total += (1 if digit is None else digit) * CN_UNITS[ch]
            digit = None
    return total + (digit or 0)


def _number(text):
    return int(text) if text.isdigit() else chinese_number(text)


def parse_days(value):
    """A time limit: ``(days, unit)``; ``(None, None)`` when blank or 无, days 0 for 即办.

    ``unit`` is None when the cell gives none (the caller applies its default, 工作日).
    """
    text = compact(value)
    if text in BLANK_WORDS:
        return None, None
    if text in IMMEDIATE_WORDS:
        return 0, None
    match = DAYS_PATTERN.match(text)
    if not match:
        raise ValueError(
            f"应填写天数，如「20个工作日」「30(自然日)」「即办」或「无」，实际为「{cell_text(value)}」"
        )
    unit = match["unit"]
    return _number(match["number"]), DAY_UNITS[unit] if unit else None


def render_days(days, unit=None):
    if days is None:
        return ""
    if days == 0:
        return "即办"
    return f"{days}个{unit or '工作日'}"


def parse_visits(value, default=1):
    """到现场次数: ``1次``, ``最多跑一次``, ``0``, ``零次``, blank → ``default``."""
    text = compact(value)
    if text in ("", "-", "—", "/"):
        return default
    if text in {"不用跑", "零跑腿", "无需到现场", "无", "不见面", "全程网办"}:
        return 0
    match = VISITS_PATTERN.match(text)
    if not match:
        raise ValueError(f"应填写次数，如「1次」「0次」「最多跑一次」，实际为「{cell_text(value)}」")
    return _number(match["number"])


def render_visits(visits):
    return "" if visits is None else f"{visits}次"


def parse_count(value):
    """份数: ``1``, ``2份``, ``一份``; blank → None."""
    text = compact(value)
    if text in BLANK_WORDS:
        return None
    match = COUNT_PATTERN.match(text)
    if not match:
        raise ValueError(f"应填写整数，如「1」「2份」，实际为「{cell_text(value)}」")
    return _number(match["number"])


def render_count(count):
    return "" if count is None else str(count)


# --- closed vocabularies ----------------------------------------------------------------------


def parse_bool(value):
    """是/否 and the words people use for them (支持, 不收费, √ …); blank is 否."""
    text = compact(value).lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS or text == "":
        return False
    raise ValueError(f"应为 是 或 否，实际为「{cell_text(value)}」")


def render_bool(flag):
    return "是" if flag else "否"


def parse_choice(value, allowed, aliases=None, default=""):
    """One of ``allowed`` (exact, or through ``aliases``); blank gives ``default``."""
    text = compact(value)
    if text in allowed:
        return text
    if aliases and text in aliases:
        return aliases[text]
    if text == "" or (default == "" and text in BLANK_WORDS):
        return default
    raise ValueError(f"应为 {accepted(allowed, aliases)}，实际为「{cell_text(value)}」")


def accepted(allowed, aliases=None):
    """The forms a closed-vocabulary cell takes, for its messages."""
    forms = "/".join(allowed)
    return forms + (f"（也可写 {'、'.join(aliases)}）" if aliases else "")


def list_words(value):
    """The words of a list cell: separated by 、，,;； or line breaks, blanks left out."""
    return [word for word in (w.strip() for w in LIST_SEPARATORS.split(cell_text(value)))
            if word not in BLANK_WORDS]


def parse_list(value, allowed=None, aliases=None):
    """Words separated by 、，,;； or line breaks, in order, without repeats.

    With ``allowed``, every word not allowed (nor an alias) is named in one message.
    """
    words, unknown = [], []
    for word in list_words(value):
        if allowed is not None:
            text = compact(word)
            word = text if text in allowed else (aliases or {}).get(text)
            if word is None:
                unknown.append(text)
                continue
        if word not in words:
            words.append(word)
    if unknown:
        raise ValueError(f"「{'」「'.join(dict.fromkeys(unknown))}」不在可选范围内；"
                         f"应为 {accepted(allowed, aliases)}，多个用顿号分隔")
    if allowed is not None:  # a closed set has one order: the vocabulary's
        words.sort(key=list(allowed).index)
    return words


def render_list(words):
    return "、".join(words or [])


# --- codes, dates, addresses ------------------------------------------------------------------


def parse_item_code(value):
    code = compact(value)
    if not code:
        raise ValueError("不能为空")
    if not ITEM_CODE_PATTERN.match(code):
        raise ValueError(f"只能包含数字、字母和连字符，长度 6–64 位，实际为「{cell_text(value)}」")
    return code


def parse_date(value):
    """``2026-09-15``, ``2026/9/15``, ``2026年9月15日`` or a date cell; blank → None."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = compact(value)
    if text in BLANK_WORDS:
        return None
    match = DATE_PATTERN.match(text)
    if match:
        try:
            return datetime.date(*(int(part) for part in match.groups()))
        except ValueError:
            pass
    raise ValueError(f"应为日期，如「2026-09-15」，实际为「{cell_text(value)}」")


def render_date(date):
    """ISO date; records keep dates as ISO text already, so text passes through."""
    if not date:
        return ""
    return date if isinstance(date, str) else date.isoformat()


def parse_url(value, max_length=2000):
    text = compact(value)
    if text in BLANK_WORDS:
        return ""
    if not URL_PATTERN.match(text):
        raise ValueError(f"应为以 http:// 或 https:// 开头的网址，实际为「{cell_text(value)}」")
    if len(text) > max_length:
        raise ValueError(f"网址不能超过 {max_length} 个字符，实际 {len(text)} 个字符")
    return text


# --- structured cells: common errors and step branches ---------------------------------------

EXAMPLE_LABELS = {
    "错误做法": "wrong", "错误": "wrong",
    "不予受理原因": "reason", "原因": "reason",
    "正确做法": "right", "正确": "right",
}
EXAMPLE_FIELDS = (("wrong", "错误做法"), ("reason", "不予受理原因"), ("right", "正确做法"))
EXAMPLE_LINE = re.compile(r"^(错误做法|不予受理原因|正确做法|错误|原因|正确)\s*[:：]\s*(.*)$")


def parse_error_examples(value):
    """常见错误示例: blocks of ``错误做法：…`` / ``不予受理原因：…`` / ``正确做法：…`` lines.

    A new ``错误做法`` line starts the next example; lines without a label continue the field
    above them. Each example needs 错误做法 and 正确做法, as the guide editor requires.
    """
    examples, current, field = [], None, None
    for line in cell_text(value).split("\n"):
        if not line.strip():
            continue
        match = EXAMPLE_LINE.match(line.strip())
        if match:
            field = EXAMPLE_LABELS[match[1]]
            if current is None or (field == "wrong" and any(current.values())):
                current = {"wrong": "", "reason": "", "right": ""}
                examples.append(current)
            current[field] = match[2].strip()
        elif field is None:
            raise ValueError(f"每个示例以「错误做法：」开头，实际为「{line.strip()[:30]}」")
        else:
            current[field] = f"{current[field]}\n{line.strip()}".strip()
    for number, example in enumerate(examples, 1):
        missing = [label for key, label in EXAMPLE_FIELDS if key != "reason" and not example[key]]
        if missing:
            raise ValueError(f"第 {number} 个示例缺少「{'」「'.join(missing)}」")
    return examples


def render_error_examples(examples):
    blocks = []
    for example in examples or []:
        lines = [f"{label}：{example.get(key) or ''}" for key, label in EXAMPLE_FIELDS
                 if example.get(key)]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def parse_branches(value):
    """分支, one per line: ``情形 → 处理 → 转至环节``, ``情形 → 转至环节`` or ``情形``.

    The target is another step's 环节标识, or 办结 (stored as ``end``); whether it exists is
    checked where all steps of the item are known.
    """
    branches = []
    for line in cell_text(value).split("\n"):
        if not line.strip():
            continue
        parts = [part.strip() for part in ARROW.split(line.strip())]
        if len(parts) > 3:
            raise ValueError(f"每行写作「情形 → 处理 → 转至环节」，实际为「{line.strip()}」")
        condition, outcome, target = (parts + ["", ""])[:3] if len(parts) != 2 else (
            parts[0], "", parts[1])
        target = "end" if target in END_WORDS else halfwidth(target)
        branches.append({"condition": condition, "outcome": outcome, "target": target})
    return branches


def render_branches(branches):
    lines = []
    for branch in branches or []:
        target = "办结" if branch.get("target") == "end" else branch.get("target") or ""
        parts = [branch.get("condition") or ""]
        if branch.get("outcome"):
            parts += [branch["outcome"], target]
        elif target:
            parts.append(target)
        lines.append(" → ".join(parts).rstrip())
    return "\n".join(lines)


def normalized_header(value):
    """A column header as written (``事项\\n编码``, ``*事项名称``, ``必要性 ``) in its plain form."""
    text = unicodedata.normalize("NFKC", cell_text(value))
    return re.sub(r"[\s*＊]+", "", text)
