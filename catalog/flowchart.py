"""The process flowchart (流程图), generated from a guide's structured steps.

``build_flow`` turns steps into a graph (pure, no I/O); ``to_dot`` writes it as Graphviz DOT;
``render_svg`` asks Graphviz's ``dot`` (Debian's ``graphviz``) to lay it out. Graphviz is used
rather than hand-written geometry because branches and 补正 loops back to earlier steps are a
general graph-layout problem it solves well, and its SVG is vector for print too.
``cached_svg`` keeps each chart keyed by its DOT source, so a chart is laid out again only when
the steps (or the total time) change.
"""

import hashlib
import html
import logging
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.cache import cache

from .blocks import END_TARGET

logger = logging.getLogger(__name__)

FONT = "Noto Sans CJK SC"
WRAP_WIDTH = 11  # CJK characters per line: keeps the chart narrow enough for a 390 px phone
SMALL_TEXT = 12  # pt: edge labels, outcomes and a step's details; the smallest text in a chart
# On a narrow screen a chart is scaled to the column, but never below this share of its natural
# size, so its smallest text stays at least ~12 px (12 pt = 16 px × 0.75); a wider chart
# scrolls sideways in its box instead (site.css .flowchart-scroll), and 查看流程图大图 opens it
# at full size.
MIN_SCALE = 0.75
DOT_TIMEOUT = 20  # seconds; a 40-step chart takes well under one
CACHE_SECONDS = 60 * 60 * 24 * 30
LAYOUT_VERSION = 1  # bump when render_svg's output changes for the same DOT source
START, FINISH, STOP = "start", "finish", "stop"


@dataclass(frozen=True)
class Node:
    id: str
    kind: str  # start | step | outcome | finish | stop
    lines: tuple


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    label: str = ""
    branch: bool = False  # part of an alternative outcome, drawn dashed
    back: bool = False  # points to an earlier step (a 补正 loop)


@dataclass
class Flow:
    nodes: list = field(default_factory=list)
    edges: list = field(default_factory=list)

    @property
    def step_nodes(self):
        return [node for node in self.nodes if node.kind == "step"]

    def text_summary(self):
        """A one-sentence reading of the chart for screen readers."""
        steps = " → ".join(node.lines[0] for node in self.step_nodes)
        branches = [edge for edge in self.edges if edge.branch and edge.label]
        summary = f"开始 → {steps} → 办结" if steps else "开始 → 办结"
        if branches:
            summary += f"；另有 {len(branches)} 个分支情形，详见下方办理环节"
        return summary


def wrap_cjk(text, width=WRAP_WIDTH):
    """Break text into lines of at most ``width`` characters, keeping ASCII words whole."""
    text = " ".join((text or "").split())
    lines, line = [], ""
    for token in re.findall(r"[A-Za-z0-9.%/:-]+|\s|.", text):
        if len(line) + len(token) > width and line.strip():
            lines.append(line.strip())
            line = ""
        line += token
    if line.strip():
        lines.append(line.strip())
    return lines


def build_flow(steps, total_time=""):
    """Build the graph of ``steps`` (dicts with key, name, handler, time_limit, branches).

    Steps run in order from a start node to a finish node labelled with the total promised
    time. Each branch leaves its step with the condition as the edge label, passes through an
    outcome node when there is one (一次性告知补正), and continues to its target step, to a stop
    node for ``end`` (the application ends without the result), or nowhere.
    """
    flow = Flow()
    flow.nodes.append(Node(START, "start", ("开始",)))
    step_ids = {}
    for index, step in enumerate(steps):
        node_id = f"s{index}"
        key = (step.get("key") or "").strip()
        if key:
            step_ids.setdefault(key, (node_id, index))
        lines = [step.get("name") or f"环节 {index + 1}"]
        lines += wrap_cjk(step.get("handler") or "")
        if step.get("time_limit"):
            lines += wrap_cjk(f"时限：{step['time_limit']}")
        flow.nodes.append(Node(node_id, "step", tuple(lines)))

    previous = START
    for index in range(len(steps)):
        flow.edges.append(Edge(previous, f"s{index}"))
        previous = f"s{index}"
    finish_lines = ("办结",) + ((f"承诺时限：{total_time}",) if total_time else ())
    flow.nodes.append(Node(FINISH, "finish", finish_lines))
    flow.edges.append(Edge(previous, FINISH))

    needs_stop = False
    for index, step in enumerate(steps):
        for b, branch in enumerate(step.get("branches") or []):
            source = f"s{index}"
            target = (branch.get("target") or "").strip()
            label = "\n".join(wrap_cjk(branch.get("condition") or "", 8))
            if branch.get("outcome"):
                outcome_id = f"s{index}b{b}"
                flow.nodes.append(Node(outcome_id, "outcome", tuple(wrap_cjk(branch["outcome"]))))
                flow.edges.append(Edge(source, outcome_id, label, branch=True))
                source, label = outcome_id, ""
            if target == END_TARGET:
                needs_stop = True
                flow.edges.append(Edge(source, STOP, label, branch=True))
            elif target in step_ids:
                target_id, target_index = step_ids[target]
                flow.edges.append(Edge(source, target_id, label, branch=True,
                                       back=target_index <= index))
    if needs_stop:
        flow.nodes.append(Node(STOP, "stop", ("办理终止",)))
    return flow


_STYLES = {
    "start": 'shape=box, style="rounded,filled", fillcolor="#0b4ea2", fontcolor="#ffffff", color="#0b4ea2"',
    "finish": 'shape=box, style="rounded,filled", fillcolor="#1b6e33", fontcolor="#ffffff", color="#1b6e33"',
    "stop": 'shape=box, style="rounded,filled,dashed", fillcolor="#ffffff", fontcolor="#8c1d17", color="#8c1d17"',
    "step": 'shape=box, style="rounded,filled", fillcolor="#eaf1fb", color="#0b4ea2", penwidth=1.4',
    "outcome": f'shape=note, style="filled", fillcolor="#fff6e0", color="#8a5300", fontsize={SMALL_TEXT}',
}


def _quote(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _html_label(lines, titled=True):
    """A Graphviz HTML-like label, one table row per line with cell spacing: a step's name in
    bold over its smaller details (``titled``), or plain lines (outcomes, start, end).

    With \\n or <BR/> breaks Graphviz spaces lines by its own estimate of the CJK font's
    height, about 1.08 em: the lines of a wrapped box touched each other."""
    escaped = [html.escape(line, quote=True) for line in lines]
    if titled:
        head, *rest = escaped
        rows = [f"<B>{head}</B>"] + [f'<FONT POINT-SIZE="{SMALL_TEXT}">{line}</FONT>' for line in rest]
    else:
        rows = escaped
    cells = "".join(f"<TR><TD>{row}</TD></TR>" for row in rows)
    return f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2" CELLPADDING="0">{cells}</TABLE>>'


def to_dot(flow):
    """Graphviz source for ``flow``: top to bottom, so it reads on a phone and on A4."""
    out = [
        "digraph flow {",
        '  graph [rankdir=TB, nodesep=0.4, ranksep=0.4, bgcolor="transparent", '
        f'fontname={_quote(FONT)}];',
        f'  node [fontname={_quote(FONT)}, fontsize=14, margin="0.2,0.08"];',
        f'  edge [fontname={_quote(FONT)}, fontsize={SMALL_TEXT}, color="#4a4f57", fontcolor="#8a5300", '
        "arrowsize=0.8];",
    ]
    for node in flow.nodes:
        label = _html_label(node.lines, titled=node.kind == "step")
        out.append(f"  {node.id} [label={label}, {_STYLES[node.kind]}];")
    for edge in flow.edges:
        attrs = []
        if edge.label:
            attrs.append(f"label={_quote(edge.label)}")
        if edge.branch:
            attrs.append('style=dashed, color="#8a5300"')
        if edge.back:
            attrs.append("constraint=false")
        out.append(f"  {edge.source} -> {edge.target}" + (f" [{', '.join(attrs)}]" if attrs else "") + ";")
    out.append("}")
    return "\n".join(out)


class FlowchartUnavailable(RuntimeError):
    pass


def render_svg(dot_source):
    """Lay out DOT with Graphviz and return an inline-ready, responsive <svg> element."""
    binary = shutil.which("dot")
    if binary is None:
        raise FlowchartUnavailable("Graphviz (dot) is not installed")
    result = subprocess.run([binary, "-Tsvg"], input=dot_source.encode("utf-8"),
                            capture_output=True, timeout=DOT_TIMEOUT, check=False)
    if result.returncode != 0:
        raise FlowchartUnavailable(result.stderr.decode("utf-8", "replace")[:500])
    svg = result.stdout.decode("utf-8")
    svg = svg[svg.index("<svg"):]
    # Graphviz writes fixed pt sizes; keep the viewBox and let CSS scale it to the column, down
    # to MIN_SCALE of its natural size.
    def responsive(match):
        natural = float(match.group(1)) * 4 / 3
        return (f'<svg class="flowchart-svg" data-width="{natural:.0f}" '
                f'style="max-width:{natural:.0f}px;min-width:{natural * MIN_SCALE:.0f}px"')

    return re.sub(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"', responsive, svg, count=1)


def standalone_svg(svg):
    """The chart as a file of its own (查看流程图大图), at its natural size: a browser shows an SVG
    without a width scaled to the window, which on a phone is as small as in the page."""
    return re.sub(r'<svg class="flowchart-svg" data-width="(\d+)" style="[^"]*"',
                  r'<svg width="\1"', svg, count=1)


def layout_dir():
    """Where laid-out charts are kept on disk (``ZHINAN_FLOWCHART_DIR``, else build/flowcharts)."""
    return Path(getattr(settings, "ZHINAN_FLOWCHART_DIR", "")
                or Path(settings.BASE_DIR) / "build" / "flowcharts")


def _stored_svg(digest):
    try:
        return (layout_dir() / f"{digest}.svg").read_text(encoding="utf-8")
    except OSError:
        return None


def _store_svg(digest, svg):
    """Written whole or not at all (another worker may read it at the same moment)."""
    try:
        folder = layout_dir()
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=folder, suffix=".tmp",
                                         delete=False) as handle:
            handle.write(svg)
        os.replace(handle.name, folder / f"{digest}.svg")
    except OSError as error:
        logger.warning("flowchart layout not kept: %s", error)


def cached_svg(flow):
    """The SVG for ``flow``, laid out once per distinct DOT source; None if Graphviz fails.

    Kept in the cache and on disk: a layout is a pure function of its DOT source (and of
    LAYOUT_VERSION), so it never goes stale, and Graphviz (20–80 ms a chart, the largest cost
    of a guide page rendered cold) runs again only for a chart never laid out on this server,
    not each time the cache is emptied or evicts it.
    """
    dot_source = to_dot(flow)
    digest = hashlib.sha256(f"{LAYOUT_VERSION}\n{dot_source}".encode("utf-8")).hexdigest()
    key = "flowchart:" + digest
    svg = cache.get(key)
    if svg is not None:
        return svg
    svg = _stored_svg(digest)
    if svg is None:
        try:
            svg = render_svg(dot_source)
        except (FlowchartUnavailable, subprocess.TimeoutExpired) as error:
            logger.warning("flowchart not rendered: %s", error)
            return None
        _store_svg(digest, svg)
    cache.set(key, svg, CACHE_SECONDS)
    return svg


def split_by_channel(steps):
    """[(caption, steps)]: one flow, or separate online and offline flows when steps differ."""
    channels = {step.get("channel") or "通用" for step in steps}
    if channels <= {"通用"}:
        return [("", list(steps))]
    return [
        (caption, [s for s in steps if (s.get("channel") or "通用") in ("通用", channel)])
        for caption, channel in (("线上办理流程", "线上"), ("线下办理流程", "线下"))
        if channel in channels
    ]
