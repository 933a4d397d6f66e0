"""Print benchmark: a one-guide notice PDF and 1-, 50- and 200-guide handbooks, time and memory.

    .venv/bin/python bench/print_pdf.py            # notice + handbooks of 1, 50, 200 guides
    .venv/bin/python bench/print_pdf.py --quick    # notice + handbooks of 1 and 10 guides
    .venv/bin/python bench/print_pdf.py --trap     # also the stock fontTools path (≈12 s)
    .venv/bin/python bench/print_pdf.py --sizes 1 50 200 600   # other handbook sizes

Targets (issue 6): one-guide PDF ≤ 1.5 s; 200-guide handbook ≤ 120 s; memory not growing with
the handbook beyond the PDF itself. Each measurement runs in a fresh process (a throwaway
SQLite catalog: the demo plus synthetic guides from demo/synthetic.py), so its peak RSS is its
own; "baseline" is that process's RSS after Django, the fonts and the first page are loaded.
"Memory growth per guide" comes from a second build of the largest handbook: RSS sampled every
10 guides from the 20th on, after a garbage collection and glibc's malloc_trim (so memory freed
but not yet returned is not counted), fitted to a line; compare it with the PDF's MB per guide.
The table's times and peaks are from builds that are not sampled.
PDFs are written to build/bench/.
"""

import argparse
import ctypes
import gc
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "build" / "bench"


def _setup_django(workdir):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.test.utils import override_settings

    # As in production: the dev settings' DEBUG keeps the SQL of the last 9,000 queries in
    # memory, which would count as memory the handbook grows by.
    override_settings(DEBUG=False).enable()


def _rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _current_rss_mb():
    """RSS now, once garbage is collected and glibc has returned what it can."""
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) / 1024 for line in status if line.startswith("VmRSS"))


def _slope(samples):
    """Least-squares slope of ``[(x, y)]`` (None with fewer than 3 points)."""
    if len(samples) < 3:
        return None
    mean_x = sum(x for x, _ in samples) / len(samples)
    mean_y = sum(y for _, y in samples) / len(samples)
    return (sum((x - mean_x) * (y - mean_y) for x, y in samples)
            / sum((x - mean_x) ** 2 for x, _ in samples))


def _cpu_s():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def prepare(workdir, guides):
    """Create the catalog once: migrate, demo, synthetic guides up to ``guides`` in total."""
    _setup_django(workdir)
    from django.core.management import call_command

    from catalog.models import ServiceGuidePage
    from demo.synthetic import generate

    call_command("migrate", verbosity=0)
    missing = guides - ServiceGuidePage.objects.live().count()
    if missing > 0:
        generate(missing + 1, seed=6)
    return ServiceGuidePage.objects.live().count()


def measure_notice(workdir, trap):
    """Cold and warm one-guide notice in this process."""
    _setup_django(workdir)
    from catalog.models import ServiceGuidePage
    from printing import notices

    guide = ServiceGuidePage.objects.live().get(item_code="11999900MB0000001X07001")
    if trap:
        import weasyprint.pdf.fonts as wp_fonts

        wp_fonts.harfbuzz_subset = None  # what WeasyPrint does without libharfbuzz-subset0
    times, cpu = [], []
    for _ in range(4):
        started, started_cpu = time.perf_counter(), _cpu_s()
        data = notices.render_notice(guide)
        times.append(time.perf_counter() - started)
        cpu.append(_cpu_s() - started_cpu)
    (OUT / f"notice{'-trap' if trap else ''}.pdf").write_bytes(data)
    return {"cold_s": times[0], "warm_s": min(times[1:]), "warm_cpu_s": min(cpu[1:]),
            "bytes": len(data), "peak_rss_mb": _rss_mb()}


def measure_handbook(workdir, count, sampled=False):
    _setup_django(workdir)
    from datetime import date

    from catalog.models import ServiceGuidePage
    from printing import notices
    from printing.handbooks import HandbookSpec, build_handbook
    from printing.scopes import selection_scope

    ids = list(ServiceGuidePage.objects.live().order_by("path").values_list("pk", flat=True)[:count])
    notices.render_notice(ServiceGuidePage.objects.get(pk=ids[0]))  # fonts, templates, CSS loaded
    baseline = _rss_mb()
    scope = selection_scope(ids, label=f"{count} 项")
    samples = []

    def progress(stage, done, total, detail=""):
        if sampled and done >= 20 and done % 10 == 0 and done <= len(ids):  # done = guides
            samples.append((done, _current_rss_mb()))

    started, started_cpu = time.perf_counter(), _cpu_s()
    built = build_handbook(HandbookSpec(scope, f"{count} 项办事指南", "基准测试", date(2026, 1, 1)),
                           progress=progress)
    elapsed, cpu = time.perf_counter() - started, _cpu_s() - started_cpu
    (OUT / f"handbook-{count}.pdf").write_bytes(built.pdf)
    return {"guides": len(built.contents), "pages": built.page_count, "seconds": elapsed,
            "cpu_seconds": cpu,
            "bytes": len(built.pdf), "baseline_rss_mb": baseline, "peak_rss_mb": _rss_mb(),
            "growth_per_guide_mb": _slope(samples)}


def _child(workdir, *args):
    result = subprocess.run([sys.executable, __file__, "--child", str(workdir), *args],
                            capture_output=True, text=True, cwd=ROOT)
    if result.returncode:
        sys.stderr.write(result.stderr)
        raise SystemExit(f"bench child {args} failed")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="handbooks of 1 and 10 guides only")
    parser.add_argument("--trap", action="store_true", help="also time the fontTools fallback")
    parser.add_argument("--sizes", type=int, nargs="+", help="handbook sizes (default 1 50 200)")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    options = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)

    if options.child:
        workdir, what, *rest = options.child
        workdir = Path(workdir)
        if what == "prepare":
            print(json.dumps({"guides": prepare(workdir, int(rest[0]))}))
        elif what == "notice":
            print(json.dumps(measure_notice(workdir, trap=rest == ["trap"])))
        else:
            print(json.dumps(measure_handbook(workdir, int(rest[0]), sampled="sampled" in rest)))
        return

    sizes = options.sizes or ([1, 10] if options.quick else [1, 50, 200])
    with tempfile.TemporaryDirectory(prefix="zhinan-print-bench-") as folder:
        workdir = Path(folder)
        started = time.perf_counter()
        total = _child(workdir, "prepare", str(max(sizes)))["guides"]
        print(f"catalog: {total} live guides (demo + synthetic), set up in "
              f"{time.perf_counter() - started:.0f} s")
        notice = _child(workdir, "notice")
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores: wall times are "
              "inflated on a busy machine; CPU seconds are not")
        print(f"one-guide notice PDF (出生登记): first {notice['cold_s']:.2f} s, then "
              f"{notice['warm_s']:.2f} s ({notice['warm_cpu_s']:.2f} s CPU); "
              f"{notice['bytes'] / 1024:.0f} KB; peak RSS {notice['peak_rss_mb']:.0f} MB   "
              "[target ≤ 1.5 s]")
        if options.trap:
            trap = _child(workdir, "notice", "trap")
            print(f"  the same with fontTools subsetting (no libharfbuzz-subset0): "
                  f"first {trap['cold_s']:.1f} s, then {trap['warm_s']:.1f} s")
        print(f"{'guides':>6} {'pages':>6} {'seconds':>8} {'CPU s':>7} {'s/guide':>8} "
              f"{'PDF MB':>7} {'baseline MB':>11} {'peak MB':>8} {'growth MB':>9}")
        for size in sizes:
            row = _child(workdir, "handbook", str(size))
            print(f"{row['guides']:>6} {row['pages']:>6} {row['seconds']:>8.1f} "
                  f"{row['cpu_seconds']:>7.1f} {row['seconds'] / row['guides']:>8.2f} {row['bytes'] / 1024 / 1024:>7.1f} "
                  f"{row['baseline_rss_mb']:>11.0f} {row['peak_rss_mb']:>8.0f} "
                  f"{row['peak_rss_mb'] - row['baseline_rss_mb']:>9.0f}")
        largest = max(sizes)
        if largest >= 40:
            row = _child(workdir, "handbook", str(largest), "sampled")
            print(f"memory growth while laying out the {row['guides']}-guide handbook (a second "
                  f"build, sampled): {row['growth_per_guide_mb']:.3f} MB per guide; "
                  f"the PDF: {row['bytes'] / 1024 / 1024 / row['guides']:.3f} MB per guide")
        print("targets: 200 guides ≤ 120 s; memory growing no faster than the PDF "
              "(MB/guide against PDF MB/guide; the PDF itself waits in a temporary file until "
              f"it is written). PDFs in {OUT.relative_to(ROOT)}/")


if __name__ == "__main__":
    main()
