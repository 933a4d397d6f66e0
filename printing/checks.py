"""System checks: the two things that silently ruin print on a new machine.

1. Without HarfBuzz's subsetter (Debian ``libharfbuzz-subset0``) WeasyPrint subsets fonts with
   fontTools, which re-reads the whole CFF table of each Noto CJK font for every document:
   a one-page notice then takes about 12 s instead of under one.
2. Without the Noto CJK fonts (Debian ``fonts-noto-cjk``) Chinese text falls back to whatever
   font fontconfig finds, or to empty boxes.

The Makefile installs both; these checks say so at ``manage.py check`` on any other machine.
"""

import shutil
import subprocess

from django.core.checks import Warning, register

CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Serif CJK SC")


def harfbuzz_subset_available():
    from weasyprint.text.ffi import harfbuzz, harfbuzz_subset

    return harfbuzz_subset is not None and bool(harfbuzz.hb_version_atleast(4, 1, 0))


def missing_cjk_families():
    if not shutil.which("fc-list"):
        return list(CJK_FAMILIES)
    listed = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True,
                            timeout=20).stdout
    return [family for family in CJK_FAMILIES if family not in listed]


@register()
def print_prerequisites(app_configs, **kwargs):
    problems = []
    if not harfbuzz_subset_available():
        problems.append(Warning(
            "HarfBuzz-subset is missing: every PDF will spend about 12 s subsetting fonts.",
            hint="Install Debian's libharfbuzz-subset0 (the Makefile's `debs` target does).",
            id="printing.W001",
        ))
    missing = missing_cjk_families()
    if missing:
        problems.append(Warning(
            f"CJK fonts not installed: {', '.join(missing)}; printed Chinese text will use "
            "another font or show empty boxes.",
            hint="Install Debian's fonts-noto-cjk (the Makefile's `debs` target does).",
            id="printing.W002",
        ))
    return problems
