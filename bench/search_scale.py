"""Search at catalog scale: index build time and /search/api/ latency, SQLite, PostgreSQL, OpenSearch.

For each database a throwaway copy gets the demo catalog plus N synthetic guides
(``demo.synthetic.generate``, varied from the demo records), then:

* index build: ``rebuild_search`` (dictionary, then every page, as an operator would run it;
  with a cluster, the database backend kept beside it for fall-backs is rebuilt too, and the
  cluster's share is printed apart);
* latency: GET /search/api/?q=… through Django's test client for every query of the relevance set
  (tests/search/relevance_queries.py), one pass with each query new to the process, then two
  more passes; p50/p95 of wall time and of process CPU time (CPU time shows the cost when other
  work shares the machine; the load average is printed).

With ``--opensearch URL`` a third row runs the same on the SQLite database with the index on that
OpenSearch node (``engine/opensearch.sh start`` starts one; give it heap for large counts:
``OPENSEARCH_JAVA_OPTS="-Xms2g -Xmx2g"``); its indexes are prefixed ``zhinan_bench_`` and dropped
after. ``--counts 20000,100000`` runs several sizes in one go and prints a table.

Run: .venv/bin/python bench/search_scale.py            (2,000 guides: a couple of minutes)
     .venv/bin/python bench/search_scale.py --full     (20,000 guides: the issue's size)
     options: --count N, --counts N,N, --sqlite-only, --postgres-only, --opensearch URL, --only-opensearch,
              --keep DIR (keep the database, a PostgreSQL one as zhinan_bench_search_scale_N, and
              the node's indexes; drop them by hand after), --reuse DIR (measure them again:
              latency on a quiet machine without the hour-long 500,000-guide rebuild),
              --cluster-only (OpenSearch row: skip the database fall-back's index build)
PostgreSQL: 127.0.0.1:5432 as user postgres (BENCH_PG_URL to change); the database is dropped after.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
PASSES = 3


def percentile(values, share):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(share * (len(values) - 1))))]


def build(count):
    """Generate ``count`` guides into the migrated database and index them as rebuild_search
    would; returns the figures (kept beside the data with --keep, so --reuse can print them)."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from demo.synthetic import generate

    started = time.perf_counter()
    generate(count, seed=1)
    generated = time.perf_counter() - started

    from modelsearch.conf import get_app_config
    from search.indexing import build_dictionary, rebuild

    started = time.perf_counter()
    build_dictionary()
    indexed, backend_s = 0, {}
    names = list(get_app_config().get_search_backend_config())
    if os.environ.get("BENCH_CLUSTER_ONLY"):  # the fall-back's build was measured in an earlier run
        names = ["default"]
    for name in names:  # as rebuild() does, timed apart
        backend_started = time.perf_counter()
        indexed += rebuild([name], dictionary=False)
        backend_s[name] = time.perf_counter() - backend_started
    return {"guides": count + 42, "indexed": indexed, "generate_s": generated,
            "build_s": time.perf_counter() - started, "backend_s": backend_s}


def child(count):
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    import _setup  # throwaway database, settings module
    import django

    django.setup()
    kept = Path(os.environ["BENCH_DIR"]) / "built.json" if os.environ.get("BENCH_DIR") else None
    if os.environ.get("BENCH_REUSE"):
        built = json.loads(kept.read_text())
        assert built["guides"] == count + 42, f"{kept} holds {built['guides'] - 42} guides, not {count}"
    else:
        built = build(count)
        if kept:
            kept.write_text(json.dumps(built))

    from django.test import Client
    from tests.search.relevance_queries import QUERIES

    client = Client()
    passes = []
    for _ in range(PASSES):
        walls, cpus = [], []
        for query, _, _ in QUERIES:
            wall, cpu = time.perf_counter(), time.process_time()
            response = client.get("/search/api/", {"q": query})
            walls.append((time.perf_counter() - wall) * 1000)
            cpus.append((time.process_time() - cpu) * 1000)
            assert response.status_code == 200, query
        passes.append((walls, cpus))
    first, repeats = passes[0], passes[1:]
    repeat_walls = [v for walls, _ in repeats for v in walls]
    repeat_cpus = [v for _, cpus in repeats for v in cpus]
    if os.environ.get("OPENSEARCH_URL") and not kept:
        _setup.drop_cluster_indexes()
    print(json.dumps({
        **built, "reused": bool(os.environ.get("BENCH_REUSE")),
        "first_p50": percentile(first[0], .5), "first_p95": percentile(first[0], .95),
        "p50": percentile(repeat_walls, .5), "p95": percentile(repeat_walls, .95),
        "cpu_p50": percentile(repeat_cpus, .5), "cpu_p95": percentile(repeat_cpus, .95),
        "queries": len(QUERIES), "load": os.getloadavg()[0],
    }))


def run(count, database_url=None, opensearch=None, keep=None, reuse=False, cluster_only=False):
    env = dict(os.environ)
    if keep:
        env["BENCH_DIR"] = keep
        if reuse:
            env["BENCH_REUSE"] = "1"
    if cluster_only:
        env["BENCH_CLUSTER_ONLY"] = "1"
    if database_url:
        env["BENCH_DATABASE_URL"] = database_url
    if opensearch:
        env.update(OPENSEARCH_URL=opensearch, ELASTICSEARCH_INDEX_PREFIX="zhinan_bench_",
                   ELASTICSEARCH_TIMEOUT="120")
    result = subprocess.run([sys.executable, __file__, "--child", str(count)], env=env, cwd=ROOT,
                            capture_output=True, text=True)
    if result.returncode:
        sys.stderr.write(result.stderr[-3000:])
        raise SystemExit(result.returncode)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", type=int)
    parser.add_argument("--count", type=int, default=2000, help="synthetic guides (default 2000)")
    parser.add_argument("--full", action="store_true", help="20,000 synthetic guides")
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument("--postgres-only", action="store_true")
    parser.add_argument("--opensearch", metavar="URL", help="also run with the index on this node")
    parser.add_argument("--only-opensearch", action="store_true", help="only the OpenSearch row")
    parser.add_argument("--counts", help="several sizes, comma-separated (e.g. 20000,100000)")
    parser.add_argument("--keep", metavar="DIR", help="keep the SQLite database here (and the "
                        "node's indexes) for --reuse; one size, one SQLite or OpenSearch row")
    parser.add_argument("--reuse", metavar="DIR", help="measure latency again on what --keep DIR "
                        "built (the node must still be the one it built on), without rebuilding")
    parser.add_argument("--cluster-only", action="store_true", help="OpenSearch row: build only "
                        "the node's index, not the database fall-back kept beside it (latency "
                        "runs at 500,000 guides; the fall-back's build is timed without this)")
    args = parser.parse_args()
    if args.child is not None:
        return child(args.child)
    counts = [int(n) for n in args.counts.split(",")] if args.counts else \
        [20000 if args.full else args.count]
    print(f"Search at scale: demo + {'/'.join(map(str, counts))} synthetic guides; latency of "
          f"/search/api/ over the relevance queries ({PASSES} passes; 'first' = each query new to "
          f"the process)")
    rows = ([] if args.postgres_only else [("SQLite", None, None)]) + \
        ([] if args.sqlite_only else [("PostgreSQL", "pg", None)])
    if args.opensearch:
        rows = ([] if args.only_opensearch else rows) + [("OpenSearch", None, args.opensearch)]
    kept = args.keep or args.reuse
    if kept:
        if len(rows) != 1 or len(counts) != 1:
            parser.error("--keep/--reuse keep one row: add --sqlite-only, --postgres-only or "
                         "--opensearch URL --only-opensearch, and one --count")
        Path(kept).mkdir(parents=True, exist_ok=True)
    table = []
    for count in counts:
        for label, kind, opensearch in rows:
            url = None
            if kind:
                from search_relevance import PG_URL as SERVER, create_pg_database, drop_pg_database

                # A kept PostgreSQL database is named after the size and stays for --reuse.
                name = f"zhinan_bench_search_scale_{count}" if kept else "zhinan_bench_search_scale"
                url = f"{SERVER}/{name}" if args.reuse else create_pg_database(name)
            try:
                r = run(count, url, opensearch, kept, bool(args.reuse),
                        args.cluster_only and bool(opensearch))
            finally:
                if url and not kept:
                    drop_pg_database(url)
            table.append((label, r))
            each = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in r["backend_s"].items())
            print(f"{label:11} {r['guides']} guides, {r['indexed']} objects indexed in "
                  f"{r['build_s']:.1f} s ({each}; generated in {r['generate_s']:.1f} s"
                  f"{'; built by an earlier --keep run' if r['reused'] else ''})")
            print(f"{'':11} /search/api/ wall p50 {r['p50']:.1f} ms, p95 {r['p95']:.1f} ms "
                  f"(first pass p50 {r['first_p50']:.1f}, p95 {r['first_p95']:.1f}); "
                  f"CPU p50 {r['cpu_p50']:.1f} ms, p95 {r['cpu_p95']:.1f} ms; "
                  f"load average {r['load']:.1f}", flush=True)
    print("\n| backend | guides | index build s | of it the cluster s | p50 ms | p95 ms | "
          "first-pass p95 ms | load |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for label, r in table:
        cluster = f"{r['backend_s']['default']:.0f}" if "database" in r["backend_s"] else "-"
        print(f"| {label} | {r['guides']:,} | {r['build_s']:.0f} | {cluster} | {r['p50']:.1f} | "
              f"{r['p95']:.1f} | {r['first_p95']:.1f} | {r['load']:.1f} |")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
