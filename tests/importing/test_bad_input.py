"""Files that cannot be a catalog get a clear Chinese refusal and an invalid batch, never a crash;
and a sheet without rows reads back as the sheet it was exported as."""

import pytest

from catalog.models import DepartmentPage
from importing import exporter
from importing.batches import create_batch, plan_batch
from importing.importer import import_files
from importing.models import ImportBatch
from importing.plan import UNCHANGED

from .helpers import item_row, problems, xlsx

pytestmark = pytest.mark.django_db
NESTED = ("[" * 100_000 + "]" * 100_000).encode()
HUGE_NUMBER = ('{"事项": [{"事项编码": ' + "9" * 5000 + ', "事项名称": "示例"}]}').encode()


@pytest.mark.parametrize("data, words", [(NESTED, "嵌套层数过多"), (HUGE_NUMBER, "位数过多")])
def test_malformed_json_is_refused_in_chinese(data, words):
    plan = import_files([("清单.json", data)], dry_run=False)
    assert not plan.ok and words in " ".join(problems(plan))


@pytest.mark.parametrize("data", [NESTED, HUGE_NUMBER])
def test_malformed_json_makes_an_invalid_batch(data):
    batch = create_batch("清单.json", data)
    plan_batch(batch)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.INVALID and batch.problems


@pytest.mark.parametrize("fmt, name", [("xlsx", "清单.xlsx"), ("csv", "清单.zip"),
                                       ("json", "清单.json")])
def test_a_department_export_with_empty_sheets_reimports_as_no_change(fmt, name):
    headers, row = item_row("51160200EMPTY001", "没有收费的事项", department="区新建局")
    first = import_files([("新建.xlsx", xlsx({"事项": [headers, row]}))], dry_run=False,
                         create_missing=True, publish=True)
    assert first.ok, problems(first)
    department = DepartmentPage.objects.get(title="区新建局")
    data = exporter.export_workbook(fmt, live=False, department=department)
    if fmt == "json":
        assert '"收费": []' in data.decode()
    plan = import_files([(name, data)])
    assert plan.ok, problems(plan)
    assert [entry.action for entry in plan.entries] == [UNCHANGED]
