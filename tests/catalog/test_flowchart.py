"""The flowchart builder: steps in, a laid-out chart out; branches, loops and hostile names."""

import re

import pytest

from catalog.flowchart import (FINISH, START, STOP, build_flow, render_svg, split_by_channel,
                               to_dot, wrap_cjk)


def step(key, name, branches=(), channel="通用", **extra):
    return {"key": key, "name": name, "handler": extra.get("handler", ""),
            "time_limit": extra.get("time_limit", ""), "channel": channel,
            "branches": list(branches)}


LICENSING = [
    step("apply", "申请", handler="申请人"),
    step("accept", "受理", [{"condition": "材料不全", "outcome": "一次性告知补正", "target": "apply"}],
         handler="窗口", time_limit="即时"),
    step("review", "审查", time_limit="10 个工作日"),
    step("decide", "决定", [{"condition": "不符合条件", "outcome": "不予许可并说明理由，告知复议诉讼途径",
                             "target": "end"}]),
    step("issue", "制证送达"),
]


def test_nodes_and_edges_follow_steps_and_branches():
    flow = build_flow(LICENSING, "20 个工作日")
    kinds = [node.kind for node in flow.nodes]
    assert kinds.count("step") == 5
    assert kinds.count("outcome") == 2
    assert {START, FINISH, STOP} <= {node.id for node in flow.nodes}
    # start→s0…s4→finish (6) + two branches of two edges each (step→outcome→target)
    assert len(flow.edges) == 6 + 4
    back = [edge for edge in flow.edges if edge.back]
    assert [(edge.source, edge.target) for edge in back] == [("s1b0", "s0")]
    assert ("s3b0", STOP) in [(edge.source, edge.target) for edge in flow.edges]
    finish = next(node for node in flow.nodes if node.id == FINISH)
    assert "承诺时限：20 个工作日" in finish.lines


def test_branch_without_outcome_goes_straight_to_its_target():
    flow = build_flow([step("a", "申请"), step("b", "审查", [{"condition": "需补正", "target": "a"}])])
    assert [node.kind for node in flow.nodes].count("outcome") == 0
    edge = next(edge for edge in flow.edges if edge.label)
    assert (edge.source, edge.target, edge.back) == ("s1", "s0", True)


def test_unknown_branch_target_draws_no_edge():
    flow = build_flow([step("a", "申请", [{"condition": "x", "target": "missing"}])])
    assert all(edge.target != "missing" for edge in flow.edges)


@pytest.mark.parametrize("count", [1, 30])
def test_short_and_long_processes_lay_out(count):
    steps = [step(f"k{i}", f"第{i + 1}环节", handler="窗口工作人员", time_limit="1 个工作日")
             for i in range(count)]
    if count > 1:
        steps[-1]["branches"] = [{"condition": "需补正", "outcome": "补正", "target": "k0"}]
    svg = render_svg(to_dot(build_flow(steps, "30 个工作日")))
    titles = re.findall(r"<title>(s\d+)</title>", svg)
    assert len(titles) == count
    assert "viewBox" in svg and 'class="flowchart-svg"' in svg


def test_loops_back_and_forth_do_not_hang():
    steps = [step(f"k{i}", f"环节{i}", [{"condition": "退回", "target": f"k{(i + 5) % 12}"}])
             for i in range(12)]
    svg = render_svg(to_dot(build_flow(steps)))  # render_svg has a timeout; this must finish
    assert len(re.findall(r"<title>s\d+</title>", svg)) == 12


def test_hostile_step_names_render_as_text():
    steps = [step("a", '<script>alert("x")</script>', handler='"引号" & \\反斜杠')]
    svg = render_svg(to_dot(build_flow(steps)))
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert "引号" in svg and "反斜杠" in svg


def test_text_summary_reads_the_main_path():
    summary = build_flow(LICENSING).text_summary()
    assert summary.startswith("开始 → 申请 → 受理 → 审查 → 决定 → 制证送达 → 办结")
    assert "2 个分支" in summary


def test_online_and_offline_flows_are_separated_only_when_they_differ():
    assert len(split_by_channel(LICENSING)) == 1
    mixed = LICENSING[:2] + [step("upload", "网上提交", channel="线上"),
                             step("counter", "窗口提交", channel="线下")]
    flows = dict(split_by_channel(mixed))
    assert [s["name"] for s in flows["线上办理流程"]] == ["申请", "受理", "网上提交"]
    assert [s["name"] for s in flows["线下办理流程"]] == ["申请", "受理", "窗口提交"]


def test_wrap_keeps_lines_short_and_words_whole():
    lines = wrap_cjk("派出所户籍窗口民警在 10 个工作日内作出决定", 8)
    assert all(len(line) <= 8 for line in lines)
    assert "".join(lines).replace(" ", "") == "派出所户籍窗口民警在10个工作日内作出决定"
    assert any("10" in line for line in lines)


def test_a_chart_is_laid_out_once_even_when_the_cache_is_emptied(monkeypatch, tmp_path, settings):
    """Graphviz was the largest cost of a guide page rendered cold (bench/load_public.py)."""
    from django.core.cache import cache

    from catalog import flowchart

    settings.ZHINAN_FLOWCHART_DIR = str(tmp_path)
    calls = []
    monkeypatch.setattr(flowchart, "render_svg",
                        lambda source: calls.append(source) or render_svg(source))
    flow = build_flow(LICENSING, "5 个工作日")
    first = flowchart.cached_svg(flow)
    cache.clear()
    assert flowchart.cached_svg(flow) == first and "<svg" in first
    assert len(calls) == 1
    other = build_flow(LICENSING[:3], "5 个工作日")
    assert flowchart.cached_svg(other) != first and len(calls) == 2
