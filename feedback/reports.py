"""The ratings statistics (好差评统计) departments export: counts per level, per guide.

``summarize`` is pure (rows in, rows out) so the arithmetic is tested without a database;
``rating_counts`` fetches the grouped counts, ``write_csv`` writes what Excel opens (UTF-8 BOM).
"""

import csv
from collections import OrderedDict

from django.db.models import Count

from .models import Feedback, Kind, Score

LEVELS = [score for score, _ in Score.choices]  # best first
GOOD = {Score.VERY_SATISFIED, Score.SATISFIED, Score.NEUTRAL}  # 差评 = 不满意 and 非常不满意
HEADER = ["部门", "事项编码", "事项名称", "评价数", *[label for _, label in Score.choices],
          "好评率", "平均分"]


def rating_counts(feedback):
    """(department, item code, guide title, score, n) for the ratings in ``feedback``."""
    rows = (feedback.filter(kind=Kind.RATING, score__isnull=False)
            .values_list("department__title", "guide__item_code", "guide__title", "score")
            .annotate(n=Count("pk")).order_by("department__title", "guide__title", "score"))
    return [(dept or "", code, title, score, n) for dept, code, title, score, n in rows]


def _row(department, code, title, counts):
    total = sum(counts.values())
    good = sum(n for score, n in counts.items() if score in GOOD)
    average = sum(score * n for score, n in counts.items()) / total if total else 0
    return [department, code, title, total, *[counts.get(level, 0) for level in LEVELS],
            f"{good / total:.1%}" if total else "", f"{average:.2f}" if total else ""]


def summarize(counts):
    """One row per guide, then a 部门合计 row per department, in department order."""
    by_department = OrderedDict()
    for department, code, title, score, n in counts:
        guides = by_department.setdefault(department, OrderedDict())
        guides.setdefault((code, title), {})
        guides[(code, title)][score] = guides[(code, title)].get(score, 0) + n
    rows = []
    for department, guides in by_department.items():
        total = {}
        for (code, title), levels in guides.items():
            rows.append(_row(department, code, title, levels))
            for score, n in levels.items():
                total[score] = total.get(score, 0) + n
        rows.append(_row(department, "", "部门合计", total))
    return rows


def write_csv(rows, out):
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(rows)
