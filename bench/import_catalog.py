"""Bulk import at catalog scale: dry run and import of a generated workbook, SQLite and PostgreSQL.

The workbook holds N items with 8 materials and 5 steps each (the full size, 5,000 items with
40,000 material rows and 25,000 steps, is what the import must manage in at most 3 minutes),
made from the demo guides. For each database it prints the wall and CPU time (the load
average beside them: on a shared machine wall time alone says little) and peak memory of the dry
run, of the import (drafts, one revision per guide) up to its commit, of the index upkeep that
follows the commit (search and reference index, run in the same process by the default
immediate task backend, by a worker in production; then, with --publish, the flowcharts of the
guides published), and of the dry run of the same file once
imported (every item unchanged, nothing written). The import is timed up to its commit (its
last progress event comes with the commit); the index upkeep after it is timed on its own line.
Django runs with DEBUG off, as in production, so no query log grows in memory. The workbook is
written by a process of its own, so the peak memory printed is the import's: the workbook's
bytes, its parsed cells, and what the import keeps beside them.

Run: .venv/bin/python bench/import_catalog.py            (1,000 items, a few minutes)
     .venv/bin/python bench/import_catalog.py --full     (5,000 items)
     .venv/bin/python bench/import_catalog.py --sichuan --items 50000 --postgres-only --publish
                         (a province: real Sichuan item and department names, new departments)
     .venv/bin/python bench/import_catalog.py --items 2000 --postgres-only --publish --changed
                         (then re-import every item changed: changed guides saved and published)
     options: --items N, --sqlite-only, --postgres-only, --publish (import and publish)

``--sichuan`` varies the 1,135 real items of ../shared/data/sczwfw_guangan_catalog_1135.json
(names, departments, codes of 广安区) over the province's districts: item N is a real item as
another district publishes it (its department prefixed with the district, so a province of
50,000 items has ~1,500 departments, all new: created with --create-missing), with the demo's
content (materials, steps) under the real names.
PostgreSQL: 127.0.0.1:5432 as user postgres (BENCH_PG_URL to change); a throwaway database is
created and dropped. Each database runs in its own process so the memory figures are its own.
"""

import argparse
import copy
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

MATERIALS, STEPS = 8, 5


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def demo_guides():
    """(department name, record) of every demo guide, from the hand-written fixture."""
    guides = []
    for path in sorted((ROOT / "fixtures" / "demo" / "guides").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        guides.extend((data["department"]["name"], record) for record in data["guides"])
    return guides


def synthetic_record(department, base, serial, hall_titles):
    """A demo guide made into item ``serial``: 8 materials and 5 steps, all names distinct."""
    record = copy.deepcopy(base)
    record["item_code"] = f"BENCH{serial:08d}"
    record["title"] = f"{base['title']}（批量{serial}）"
    record["department"] = department
    materials = base.get("materials") or [{"name": "申请表"}]
    record["materials"] = [{**materials[i % len(materials)],
                            "name": f"{materials[i % len(materials)]['name']}（{i + 1}）"}
                           for i in range(MATERIALS)]
    steps = (base.get("steps") or [])[:STEPS]
    steps += [{"key": f"extra{i}", "name": f"归档{i}", "channel": "通用", "branches": []}
              for i in range(STEPS - len(steps))]
    keys = {step.get("key") for step in steps}
    for step in steps:
        step["branches"] = [b for b in step.get("branches") or []
                            if b.get("target") in keys or b.get("target") in ("end", "")]
    record["steps"] = steps
    record["halls"] = [{**link, "hall": hall_titles[link["hall"]]} for link in base.get("halls", [])]
    return record


def workbook(items, sichuan=False, changed=False):
    from importing.exporter import render, sheets_of

    if sichuan:
        guides, real = demo_guides(), sichuan_items()
        records = [sichuan_record(guides[i % len(guides)][1], i, real) for i in range(items)]
    else:
        hall_titles = {h["slug"]: h["title"] for h in json.loads(
            (ROOT / "fixtures" / "demo" / "site.json").read_text(encoding="utf-8"))["halls"]}
        guides = demo_guides()
        records = [synthetic_record(*guides[i % len(guides)], i, hall_titles)
                   for i in range(items)]
    if changed:
        records = [changed_record(record) for record in records]
    return render(sheets_of(records), "xlsx")


def changed_record(record):
    """The item as its department sends it next quarter: a time limit a day longer, a material
    renamed, its conditions reworded (a 重大变更, with a change summary of three clauses)."""
    record = copy.deepcopy(record)
    record["promised_time_limit"] = (record.get("promised_time_limit") or 0) + 1
    record["promised_time_limit_unit"] = record.get("promised_time_limit_unit") or "工作日"
    record["materials"][0]["name"] += "（新版）"
    record["conditions"] = (record.get("conditions") or "") + "（本季度调整）"
    return record


SICHUAN = ROOT.parent.parent / "shared" / "data" / "sczwfw_guangan_catalog_1135.json"
DISTRICTS = ("广安区", "前锋区", "岳池县", "武胜县", "邻水县", "华蓥市", "顺庆区", "高坪区", "嘉陵区",
             "阆中市", "南部县", "营山县", "蓬安县", "仪陇县", "西充县", "翠屏区", "南溪区", "叙州区",
             "江安县", "长宁县", "高县", "珙县", "筠连县", "兴文县", "屏山县", "东坡区", "彭山区",
             "仁寿县", "洪雅县", "丹棱县", "青神县", "雁江区", "安岳县", "乐至县", "简阳市", "武侯区",
             "锦江区", "青羊区", "金牛区", "成华区", "龙泉驿区", "新都区", "温江区", "双流区", "郫都区")


def sichuan_items(path=None):
    """(department, item name, item code) of the real district catalog, in its order."""
    path = Path(path or os.environ.get("SICHUAN_CATALOG") or SICHUAN)
    if not path.is_file():
        path = Path("/work/shared/data/sczwfw_guangan_catalog_1135.json")
    items = []
    for department in json.loads(path.read_text(encoding="utf-8")):
        for group in department["items"]:
            for item in group["sub_items"]:
                items.append((department["department"], item["name"]))
    return items


def sichuan_record(base, serial, real):
    """Item ``serial`` of the province: a real item name and department in one of the districts,
    with a demo guide's content; material names carry the item's name so they are new words."""
    department, name = real[serial % len(real)]
    district = DISTRICTS[(serial // len(real)) % len(DISTRICTS)]
    round_ = serial // (len(real) * len(DISTRICTS))
    record = synthetic_record(f"{district}{department.removeprefix('区')}", {**base, "halls": []},
                              serial, {})
    record["title"] = f"{name}（{district}{'' if not round_ else round_}）"
    record["halls"] = []
    short = name[:12]
    record["materials"] = [{**m, "name": f"{short}{m['name'].split('（')[0]}（{i + 1}）"}
                           for i, m in enumerate(record["materials"])]
    record["service_objects"] = ["自然人", "企业法人", "事业法人", "社会组织法人", "非法人企业",
                                 "行政机关", "其他组织"]
    return record


def load():
    """The 1-minute load average: the machine is shared, so wall time alone says little."""
    return f"load {os.getloadavg()[0]:.1f}/{os.cpu_count()} CPUs"


def measure(label, function):
    start, cpu = time.perf_counter(), time.process_time()
    result = function()
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"  {label:<34}{seconds:8.1f} s  (CPU {cpu:6.1f} s)   peak memory {peak_mb():6.0f} MB"
          f"   {load()}", flush=True)
    return result


def write_workbook(items, sichuan, path, changed=False):
    """Write the bench's workbook to ``path``, in a process of its own: the records it is made
    from (all items at once) would otherwise count in the import's peak memory."""
    import django

    import _setup  # noqa: F401  (the settings module)

    django.setup()
    data = workbook(items, sichuan, changed)
    Path(path).write_bytes(data)
    print(f"  workbook: {len(data) / 1024 / 1024:.1f} MB xlsx, {items} items, "
          f"{items * MATERIALS} materials, {items * STEPS} steps  (written in "
          f"{time.process_time():.0f} s CPU, {peak_mb():.0f} MB, by a process of its own)",
          flush=True)


def child(items, publish, sichuan, path, import_only=False, changed_path=None):
    from _setup import django_with_demo

    django_with_demo()
    from django.test.utils import override_settings

    # The dev settings' DEBUG keeps the SQL of the last 9,000 queries in memory: an import that
    # inserts its guides a few hundred rows per statement would have all of them counted as its
    # memory. Production runs without it.
    override_settings(DEBUG=False).enable()
    # A province in one file is over the upload limit an admin form keeps (20 MB); the operator's
    # command takes it, as IMPORTING_MAX_BYTES allows.
    override_settings(IMPORTING_MAX_BYTES=1024 * 1024 * 1024).enable()

    from importing.importer import import_files

    data = Path(path).read_bytes()
    print(f"  set up, workbook read: peak memory {peak_mb():6.0f} MB", flush=True)
    files = [("bench.xlsx", data)]
    options = {"create_missing": sichuan}
    if not import_only:
        plan = measure("dry run (all new)", lambda: import_files(files, **options))
        assert plan.ok, [str(p) for p in plan.problems[:5]]
        del plan
    timed_import(files, publish, options, "import and publish" if publish else "import (drafts)")
    if changed_path:  # the same items again, every one changed: saved (and published) in bulk
        del data, files
        files = [("bench-changed.xlsx", Path(changed_path).read_bytes())]
        mode = "re-import, all changed, published" if publish else "re-import, all changed"
        timed_import(files, publish, options, mode)
    elif not import_only:
        plan = measure("dry run again (all unchanged)", lambda: import_files(files, **options))
        print(f"  unchanged: {plan.counts()['unchanged']}")


def timed_import(files, publish, options, mode):
    """Import ``files`` and print the time to the commit, its two parts, and the index upkeep
    after it."""
    from wagtail.models import Revision

    from importing.importer import import_files

    revisions = Revision.objects.count()
    marks = {}

    def progress(stage, done, total, detail=""):
        now = (time.perf_counter(), time.process_time())
        if f"{stage} start" not in marks:
            print(f"    {stage} from {now[0] - start[0]:.1f} s (peak memory {peak_mb():.0f} MB)",
                  flush=True)
        marks.setdefault(f"{stage} start", now)
        marks[stage] = now
        if stage == "写入" and done == total:  # the last write event comes with the commit
            print(f"    committed at {now[0] - start[0]:.1f} s (CPU {now[1] - start[1]:.1f} s), "
                  f"peak memory {peak_mb():.0f} MB", flush=True)

    start = (time.perf_counter(), time.process_time())
    plan = import_files(files, dry_run=False, publish=publish, progress=progress, **options)
    end = (time.perf_counter(), time.process_time())
    assert plan.ok, [str(p) for p in plan.problems[:5]]
    committed, writing = marks["写入"], marks["写入 start"]

    def span(a, b):
        return f"{b[0] - a[0]:8.1f} s  (CPU {b[1] - a[1]:6.1f} s)"

    print(f"  {mode + ', committed':<34}{span(start, committed)}   peak memory {peak_mb():6.0f} MB"
          f"   {load()}")
    print(f"    reading and checking            {span(start, writing)}")
    print(f"    writing, one transaction        {span(writing, committed)}")
    searched = marks.get("流程图 start", end)  # the published guides' flowcharts come last
    print(f"  {'search caught up after the commit':<34}{span(committed, searched)}   "
          f"(dictionary, search and reference index)   peak RSS {peak_mb():6.0f} MB   {load()}")
    if "流程图 start" in marks:
        print(f"  {'flowcharts laid out after that':<34}{span(searched, end)}")
    print(f"  {'time to commit':<34}{committed[0] - start[0]:8.1f} s;  search caught up "
          f"{searched[0] - start[0]:.1f} s after the start ({plan.search_updated_at})")
    counts = plan.counts()
    print(f"  created {counts['created']}, changed {counts['changed']} guides, "
          f"{Revision.objects.count() - revisions} new revisions", flush=True)


def postgres_url():
    base = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
    return base.rstrip("/"), f"zhinan_bench_import_{os.getpid()}"


def run_postgres(args):
    import psycopg

    base, name = postgres_url()
    try:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        print(f"PostgreSQL: skipped, cannot connect ({error})")
        return
    try:
        run_child(args, f"{base}/{name}", "PostgreSQL")
    finally:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_child(args, database_url, label):
    print(f"{label} (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs):", flush=True)
    env = {**os.environ}
    if database_url:
        env["BENCH_DATABASE_URL"] = database_url
    command = [sys.executable, __file__, "--items", str(args.items)]
    if args.sichuan:
        command.append("--sichuan")
    with tempfile.TemporaryDirectory(prefix="zhinan-bench-workbook-") as directory:
        path = args.workbook or str(Path(directory) / "bench.xlsx")
        if not Path(path).is_file():
            subprocess.run(command + ["--write", path], env=env, check=True)
        changed = str(Path(directory) / "bench-changed.xlsx")
        if args.changed:
            subprocess.run(command + ["--write", changed, "--changed"], env=env, check=True)
        command += ["--child", path] + (["--publish"] if args.publish else [])
        command += ["--import-only"] if args.import_only else []
        command += ["--changed-workbook", changed] if args.changed else []
        subprocess.run(command, env=env, check=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--full", action="store_true", help="5,000 items")
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument("--postgres-only", action="store_true")
    parser.add_argument("--publish", action="store_true")
    parser.add_argument("--sichuan", action="store_true",
                        help="real Sichuan item and department names (see above)")
    parser.add_argument("--workbook", metavar="PATH",
                        help="the workbook to import: written there first unless it exists")
    parser.add_argument("--import-only", action="store_true",
                        help="no dry runs before and after the import (a province's take minutes)")
    parser.add_argument("--changed", action="store_true",
                        help="then import the same items again, every one changed (a material "
                             "renamed, a time limit, the conditions), and time that too")
    parser.add_argument("--write", metavar="PATH", help=argparse.SUPPRESS)
    parser.add_argument("--changed-workbook", metavar="PATH", help=argparse.SUPPRESS)
    parser.add_argument("--child", metavar="PATH", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.full:
        args.items = 5000
    if args.write:
        write_workbook(args.items, args.sichuan, args.write, args.changed)
        return
    if args.child:
        child(args.items, args.publish, args.sichuan, args.child, args.import_only,
              args.changed_workbook)
        return
    if not args.postgres_only:
        run_child(args, None, "SQLite")
    if not args.sqlite_only:
        run_postgres(args)


if __name__ == "__main__":
    main()
