"""The 帮办代办 report: per hall, how many requests, how many still open, and the SLA figure,
time from submission to the first staff response (median and the slowest tenth), in hours.
Pure over rows so the admin page and the CSV say the same."""

import csv
from dataclasses import dataclass
from statistics import median

from django.utils import timezone

from .core import mask_phone
from .models import CLOSED


@dataclass
class HallFigures:
    hall: str
    total: int = 0
    open: int = 0
    waiting: int = 0  # not yet answered at all
    median_hours: float | None = None
    p90_hours: float | None = None


def _hours(delta):
    return round(delta.total_seconds() / 3600, 1)


def hall_figures(requests):
    """``requests``: AssistanceRequest rows (hall selected). One HallFigures per hall, by name."""
    by_hall, waits = {}, {}
    for r in requests:
        name = r.hall.title if r.hall_id else "未指定大厅"
        figures = by_hall.setdefault(name, HallFigures(name))
        figures.total += 1
        figures.open += r.status not in CLOSED
        if r.first_response_at is None:
            figures.waiting += r.status not in CLOSED
        else:
            waits.setdefault(name, []).append(_hours(r.first_response_at - r.created_at))
    for name, values in waits.items():
        values.sort()
        by_hall[name].median_hours = median(values)
        by_hall[name].p90_hours = values[min(len(values) - 1, int(0.9 * len(values)))]
    return [by_hall[name] for name in sorted(by_hall)]


CSV_HEADERS = ["受理编号", "事项名称", "部门", "办事大厅", "服务方式", "特殊群体", "姓名", "手机号码",
               "状态", "提交时间", "首次响应时间", "办结时间"]


def write_csv(requests, out):
    """The queue as CSV, phones masked: the export leaves the system, personal data stays in."""
    writer = csv.writer(out)
    writer.writerow(CSV_HEADERS)
    for r in requests:
        writer.writerow([r.reference, r.guide_title, r.department.title if r.department_id else "",
                         r.hall.title if r.hall_id else "", r.service, r.special_group,
                         r.name[:1] + "*" * max(len(r.name) - 1, 0) if r.name else "",
                         mask_phone(r.phone), r.status, _when(r.created_at),
                         _when(r.first_response_at), _when(r.closed_at)])


def _when(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""
