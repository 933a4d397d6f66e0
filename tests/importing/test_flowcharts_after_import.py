"""An import that publishes guides lays out their flowcharts once it has committed: no citizen's
first view of an imported guide waits for Graphviz."""

import pytest
from django.core.cache import cache

from catalog import flowchart
from catalog.models import ServiceGuidePage

from .helpers import dry_run, problems, xlsx

pytestmark = pytest.mark.django_db
CODES = [f"11999900MB0000001X0{9800 + n}" for n in range(3)]
BIRTH = "11999900MB0000001X07001"


def workbook():
    """Three new items and the demo's 出生登记, each with steps of its own."""
    items = [["事项编码", "事项名称", "实施主体"]]
    items += [[code, f"流程图预排事项{n}", "市公安局"] for n, code in enumerate(CODES)]
    items.append([BIRTH, "出生登记", "市公安局"])
    steps = [["事项编码", "环节标识", "环节名称", "分支"]]
    for n, code in enumerate([*CODES, BIRTH]):
        steps += [[code, "apply", f"申请{n}", ""], [code, "accept", f"受理{n}", ""],
                  [code, "check", f"审查{n}", f"材料不全 → 一次性告知{n} → apply"]]
    return xlsx({"事项": items, "环节": steps})


@pytest.mark.parametrize("publish", [True, False])
def test_published_guides_have_their_flowcharts_laid_out_before_any_view(
        publish, settings, tmp_path, monkeypatch):
    settings.ZHINAN_FLOWCHART_DIR = str(tmp_path)
    cache.clear()
    stages = []
    plan = dry_run(workbook(), dry_run=False, publish=publish,
                   progress=lambda stage, done, total, detail="": stages.append(
                       (stage, done, total)))
    assert plan.ok, problems(plan)
    laid_out = {path.name for path in tmp_path.glob("*.svg")}
    if not publish:  # drafts: the public still sees the old steps, nothing to lay out
        assert not laid_out and not any(stage == "流程图" for stage, *_ in stages)
        return
    assert ("流程图", 4, 4) in stages  # shown on the batch page as the search stage is
    assert stages.index(("流程图", 4, 4)) > max(
        i for i, (stage, *_rest) in enumerate(stages) if stage == "写入")

    def graphviz(source):
        raise AssertionError("a first view laid out a chart")

    monkeypatch.setattr(flowchart, "render_svg", graphviz)
    cache.clear()  # laid out on disk, not only in this process's cache
    for code in [*CODES, BIRTH]:
        guide = ServiceGuidePage.objects.get(item_code=code)
        assert guide.live and "审查" in guide.steps[2].value["name"]
        [chart] = guide.flowcharts
        assert "<svg" in chart["svg"]
    assert len(laid_out) == 4
