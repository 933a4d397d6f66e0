"""The sections of a guide, in reading order, and when each has something to say.

One list drives the web page, its section navigation and the print view, so a section is
added (or hidden when empty) in exactly one place. Each section's markup lives in
``templates/catalog/sections/<id>.html``.
"""

from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    has_content: Callable[[object], bool]

    @property
    def template(self):
        return f"catalog/sections/{self.id}.html"


def any_filled(*names):
    """A check that the page has at least one of the fields ``names`` filled."""
    def check(page):
        return any(_filled(getattr(page, name, None)) for name in names)

    return check


def _filled(value):
    if value is None or value is False:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if hasattr(value, "__len__"):
        return len(value) > 0
    return True


GUIDE_SECTIONS = [
    # What to bring and who qualifies come first: that is what sends citizens home twice.
    Section("materials", "申请材料", any_filled("materials", "common_errors")),
    Section("conditions", "受理条件", any_filled("conditions", "quantity_limit",
                                          "prohibited_requirements")),
    Section("process", "办理流程", any_filled("steps", "special_procedures", "flowchart_image")),
    Section("location", "办理地点与方式", lambda page: True),
    Section("time", "办理时限", any_filled("legal_time_limit", "promised_time_limit",
                                      "time_limit_note")),
    Section("fees", "收费标准", any_filled("charges_fee", "fees")),
    Section("result", "办理结果", any_filled("result_name", "result_validity", "result_sample")),
    Section("contacts", "咨询与监督", any_filled(
        "consultation_phone", "consultation_online", "consultation_address", "complaint_phone",
        "complaint_online", "complaint_address", "reconsideration", "litigation")),
    Section("faq", "常见问题", any_filled("faq")),
    Section("basis", "设定依据", any_filled("legal_bases")),
    Section("history", "更新记录", any_filled("public_history")),
    Section("overview", "事项信息", lambda page: True),
]


def visible_sections(page, sections):
    """The sections of ``page`` that have content, in the given order."""
    return [section for section in sections if section.has_content(page)]
