"""The demo is a leaf: production code must work without it (it could be left out of a deploy)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MAY_IMPORT_DEMO = ("demo", "tests", "bench")
IMPORTS_DEMO = re.compile(r"^\s*(from demo[.\s]|import demo\b)", re.MULTILINE)


def test_only_the_demo_tests_and_bench_import_the_demo_app():
    offenders = [
        str(path.relative_to(ROOT)) for path in ROOT.rglob("*.py")
        if path.relative_to(ROOT).parts[0] not in MAY_IMPORT_DEMO + ("node_modules", ".venv")
        and IMPORTS_DEMO.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
