"""Flowchart generation time by process length, and guide page time with a cold/warm chart cache.

Run: .venv/bin/python bench/flowchart_render.py
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _setup import django_with_demo, timed  # noqa: E402

django_with_demo()

from django.core.cache import cache  # noqa: E402
from django.test import Client  # noqa: E402

from catalog.flowchart import build_flow, render_svg, to_dot  # noqa: E402
from catalog.models import ServiceGuidePage  # noqa: E402


def steps(count):
    result = [{"key": f"k{i}", "name": f"第{i + 1}环节审查", "handler": "窗口工作人员",
               "time_limit": "2 个工作日", "channel": "通用", "branches": []} for i in range(count)]
    for i in range(2, count, 4):  # a 补正 loop or a refusal every few steps
        result[i]["branches"] = [{"condition": "材料不全", "outcome": "一次性告知补正", "target": "k0"}
                                 if i % 8 == 2 else
                                 {"condition": "不符合条件", "outcome": "不予许可并说明理由",
                                  "target": "end"}]
    return result


print("flowchart generation (build + Graphviz layout), best/mean of 5 runs:")
for count in (5, 15, 40):
    process = steps(count)
    best, mean = timed(lambda: render_svg(to_dot(build_flow(process, "20 个工作日"))), repeat=5)
    print(f"  {count:>2} steps: {best:7.1f} ms best, {mean:7.1f} ms mean")

client = Client()
guide = ServiceGuidePage.objects.live().get(item_code="11999900MB0000001X07001")
url = guide.url


def cold():
    cache.clear()
    assert client.get(url).status_code == 200


def warm():
    assert client.get(url).status_code == 200


warm()
cold_best, cold_mean = timed(cold, repeat=10)
warm_best, warm_mean = timed(warm, repeat=10)
print(f"guide page '{guide.title}' ({len(guide.steps)} steps), best/mean of 10 requests:")
print(f"  chart not cached: {cold_best:6.1f} ms best, {cold_mean:6.1f} ms mean")
print(f"  chart cached:     {warm_best:6.1f} ms best, {warm_mean:6.1f} ms mean")
