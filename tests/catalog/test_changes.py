"""The change summary the public reads in a guide's 更新记录."""

from catalog.changes import diff_records, summarize

LABELS = {
    "title": "事项名称", "materials": "申请材料", "steps": "办理流程", "fees": "收费项目",
    "promised_time_limit": "承诺办结时限", "legal_time_limit": "法定办结时限",
    "charges_fee": "是否收费", "conditions": "受理条件", "themes": "主题",
    "consultation_phone": "咨询电话", "halls": "办理地点", "online_depth": "网上办理深度",
}
ITEM_LABELS = {"materials": {"copies": "份数", "necessity": "必要性"}}


def guide(**overrides):
    record = {
        "title": "出生登记", "promised_time_limit": 20, "promised_time_limit_unit": "工作日",
        "legal_time_limit": 30, "legal_time_limit_unit": "工作日", "charges_fee": False,
        "conditions": "婴儿父亲或者母亲一方具有本市常住户口。", "themes": ["户籍办理"],
        "consultation": {"phone": "0999-81234567", "online": "", "address": ""},
        "online_depth": "网上预审", "halls": [{"hall": "shimin-zhongxin", "window": "A01"}],
        "materials": [
            {"name": "居民户口簿", "necessity": "必要", "copies": 1},
            {"name": "结婚证", "necessity": "非必要", "copies": 1},
        ],
        "steps": [{"name": "申请"}, {"name": "受理"}, {"name": "审核"}],
        "fees": [],
    }
    record.update(overrides)
    return record


def summary(old, new):
    return summarize(diff_records(old, new, LABELS), ITEM_LABELS)


def test_no_change_says_nothing():
    assert summary(guide(), guide()) == ""


def test_added_material_and_shorter_time_limit():
    old = guide()
    new = guide(promised_time_limit=15,
                materials=old["materials"] + [{"name": "《出生医学证明》", "necessity": "必要"}])
    clauses = summary(old, new).split("；")
    assert sorted(clauses) == sorted(["申请材料：新增《出生医学证明》", "承诺办结时限：20 → 15 个工作日"])


def test_material_names_are_not_double_bracketed():
    old = guide()
    new = guide(materials=old["materials"] + [{"name": "出生医学证明", "necessity": "必要"}])
    assert summary(old, new) == "申请材料：新增《出生医学证明》"


def test_removed_changed_and_reordered_items():
    old = guide()
    new = guide(
        materials=[{"name": "居民户口簿", "necessity": "必要", "copies": 2}],
        steps=[{"name": "受理"}, {"name": "申请"}, {"name": "审核"}],
    )
    text = summary(old, new)
    assert "申请材料：删除《结婚证》；修改《居民户口簿》（份数）" in text
    assert "办理流程：调整顺序" in text


def test_step_added_fee_introduced_and_boolean_flip():
    old = guide()
    new = guide(steps=old["steps"] + [{"name": "制证"}], charges_fee=True,
                fees=[{"name": "工本费", "standard": "20 元"}])
    text = summary(old, new)
    assert "办理流程：新增环节「制证」" in text
    assert "收费项目：新增「工本费」" in text
    assert "是否收费：否 → 是" in text


def test_short_values_are_quoted_long_texts_only_flagged():
    text = summary(guide(), guide(online_depth="全程网办",
                                  conditions="婴儿父亲或者母亲一方具有本市常住户口，且已取得出生医学证明的。"))
    assert "网上办理深度：网上预审 → 全程网办" in text
    assert "受理条件：已修改" in text


def test_nested_contacts_and_sets():
    text = summary(guide(), guide(consultation={"phone": "12345", "online": "", "address": ""},
                                  themes=["户籍办理", "生育收养"]))
    assert "咨询电话：0999-81234567 → 12345" in text
    assert "主题：新增生育收养" in text


def test_time_limit_set_for_the_first_time():
    text = summary(guide(promised_time_limit=None), guide(promised_time_limit=0))
    assert text == "承诺办结时限：未设定 → 即办"


def test_removing_one_of_two_materials_named_alike_is_reported():
    """Two 居民身份证 (the applicant's and the guardian's): dropping one is a change people see."""
    twins = [{"name": "居民身份证", "necessity": "必要", "copies": 1},
             {"name": "居民身份证", "necessity": "必要", "copies": 1}]
    old, new = guide(materials=twins), guide(materials=twins[:1])
    assert summary(old, new) == "申请材料：删除《居民身份证》"
