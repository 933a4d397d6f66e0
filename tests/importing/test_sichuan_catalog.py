"""A real-world check: the Sichuan district catalog (1,135 items, 34 departments) imports cleanly.

The data file lives outside the repository (``../shared/data``, see its NOTICE.md); without it
the test is skipped and says why.
"""

import pytest

from catalog.models import DepartmentPage, ServiceGuidePage
from importing.importer import import_files
from importing.plan import CREATED

from .sichuan import CATALOG, catalog_rows, catalog_workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def workbook():
    if not CATALOG.exists():
        pytest.skip(f"{CATALOG} is absent: the real catalog check needs the shared data file")
    return catalog_workbook()


def test_the_district_catalog_imports_as_skeleton_guides(workbook):
    rows = catalog_rows()
    plan = import_files([("广安区事项清单.xlsx", workbook)])
    problems = [str(problem) for problem in plan.problems]
    assert len(problems) == 34 and all("在网站上不存在" in p for p in problems)  # names are refused…
    assert problems[0].startswith("事项「实施主体」：部门「区经信局」在网站上不存在（第 2 行，共 1 处）")

    plan = import_files([("广安区事项清单.xlsx", workbook)], create_missing=True, dry_run=False)
    assert plan.ok, [str(p) for p in plan.problems[:5]]  # …until creating them is asked for
    assert plan.counts()[CREATED] == len(rows) == 1135
    assert len(plan.pending["department"]) == 34

    code, title, department, item_type = rows[0][:4]
    guide = ServiceGuidePage.objects.get(item_code=code)
    assert (guide.title, guide.item_type) == (title, item_type) == (
        "企业投资项目备案（技术改造）（市级/县级）", "其他行政权力")
    assert guide.get_parent().title == department == "区经信局"
    assert guide.online_url.startswith("http://www.sczwfw.gov.cn/")
    assert not guide.live and guide.has_unpublished_changes
    assert DepartmentPage.objects.filter(title="区行政审批局").exists()

    again = import_files([("广安区事项清单.xlsx", workbook)])
    assert again.counts()["unchanged"] == 1135
