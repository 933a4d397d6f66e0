"""Notice copyfit bench: how many 一次告知单 fit one A4 side, and how long each takes to lay out.

    .venv/bin/python bench/notice_fit.py                # the 42 demo guides + 200 generated ones
    .venv/bin/python bench/notice_fit.py --generated 0  # the demo guides only
    .venv/bin/python bench/notice_fit.py --out build/notices   # also keep every PDF there

A notice fits when it is one page. One that is two pages must be a guide whose materials alone
do not fit one side (its first page then says 续见背面); the bench lists those with their
number of materials. Times are wall times of ``render_notice`` (layout, refits and PDF writing)
in one process, after a first notice has loaded the fonts.
"""

import argparse
import io
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _setup import django_with_demo  # noqa: E402

BODY_PT = 10.5  # the notice's text size before copyfitting (static/css/print_notice.css)


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def fit(guides, out=None):
    """``{guide: (pages, body text pt on paper, essentials only)}`` and seconds per notice."""
    from pypdf import PdfReader

    from printing import notices

    results, seconds = {}, []
    for guide in guides:
        started = time.perf_counter()
        fitted = notices.fit_notice(guide)
        data = notices.notice_bytes(guide, fitted)
        seconds.append(time.perf_counter() - started)
        pages = len(PdfReader(io.BytesIO(data)).pages)
        results[guide] = (pages, BODY_PT / fitted.zoom, fitted.essentials)
        if out:
            (out / f"{guide.pk}.pdf").write_bytes(data)
    return results, seconds


def report(label, results, seconds):
    one = [body for pages, body, _ in results.values() if pages == 1]
    shortened = sum(1 for pages, _, essentials in results.values() if essentials)
    print(f"{label} fitting one page: {len(one)}/{len(results)} "
          f"({shortened} of them leaving out time, result and fee sections); body text on "
          f"paper p50 {percentile(one, .5) if one else 0:.1f} pt, smallest "
          f"{min(one, default=0):.1f} pt; time per notice p50 "
          f"{percentile(seconds, .5) * 1000:.0f} ms, p95 {percentile(seconds, .95) * 1000:.0f} ms")
    for guide, (pages, _, _) in results.items():
        if pages > 1:
            print(f"  {pages} 页: {guide.title} (pk {guide.pk}, {len(guide.materials)} 份材料)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generated", type=int, default=200, help="generated guides (default 200)")
    parser.add_argument("--out", type=Path, help="write every notice PDF to this folder")
    options = parser.parse_args()
    django_with_demo()

    from catalog.models import ServiceGuidePage
    from demo.synthetic import generate
    from printing import notices

    if options.out:
        options.out.mkdir(parents=True, exist_ok=True)
    demo = list(ServiceGuidePage.objects.live().order_by("path"))
    notices.render_notice(demo[0])  # fonts, templates and stylesheets loaded
    report("demo guides", *fit(demo, options.out))
    if options.generated:
        ids = generate(options.generated, seed=19)
        generated = ServiceGuidePage.objects.filter(pk__in=ids).order_by("path")
        report("generated guides", *fit(generated, options.out))


if __name__ == "__main__":
    main()
