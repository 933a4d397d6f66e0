"""The dry run's field-level differences: what a reviewer of an import needs to see."""

from importing.diff import ADDED, ORDER, REMOVED, diff_cells

NAMES = {"材料": "材料名称"}


def item(**cells):
    return {"事项": [{"事项名称": "出生登记", "承诺办结时限": "1个工作日", **cells}]}


def materials(*rows):
    return {"材料": [{"材料名称": name, "必要性": necessity} for name, necessity in rows]}


def test_same_cells_are_no_change():
    assert diff_cells(item(), item(), NAMES) == []


def test_a_changed_cell_names_the_column_and_both_values():
    [change] = diff_cells(item(), item(承诺办结时限="即办"), NAMES)
    assert str(change) == "承诺办结时限：1个工作日 → 即办"


def test_an_edited_material_is_one_change_not_a_removal_and_an_addition():
    old = materials(("《出生医学证明》", "必要"), ("居民户口簿", "必要"))
    new = materials(("《出生医学证明》", "容缺后补"), ("居民户口簿", "必要"))
    [change] = diff_cells(old, new, NAMES)
    assert str(change) == "材料「《出生医学证明》」的必要性：必要 → 容缺后补"


def test_added_removed_and_reordered_materials():
    old = materials(("甲", "必要"), ("乙", "必要"), ("丙", "非必要"))
    new = materials(("丙", "非必要"), ("甲", "必要"), ("丁", "必要"))
    changes = {(c.field, c.kind) for c in diff_cells(old, new, NAMES)}
    assert changes == {("材料「丁」", ADDED), ("材料「乙」", REMOVED), ("材料顺序", ORDER)}


def test_sheets_the_file_does_not_have_are_not_compared():
    old = {**item(), **materials(("甲", "必要"))}
    assert diff_cells(old, item(), NAMES) == []
