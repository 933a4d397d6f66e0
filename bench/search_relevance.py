"""Relevance of the search on the demo catalog: ours beside Wagtail's stock database backend.

The query set is tests/search/relevance_queries.py (citizens' queries, each with the page that
must come first). For each backend the demo is loaded into a fresh SQLite database indexed by that
backend, and every query is run as the public search runs it:

* stock: ``Page.objects.live().public().search(q)`` on ``wagtail.search.backends.database``;
* ours: ``search.public.run_search`` (Chinese analysis, synonyms, fallbacks, name ranking).

Prints top-1 and top-5 shares overall and per kind of query; for ours also the citizen-style set
(tests/search/citizen_queries.py: Traditional, variants, colloquial and long questions, pinyin
typos, questions without an answer): recall@10, MRR and the share of "none" questions answered
with the honest no-match page, per kind. Each backend runs in its own process
(its own settings and database). Run: .venv/bin/python bench/search_relevance.py [--postgres]
[--opensearch URL] (the last: ours with the index on that node, on SQLite; ``engine/opensearch.sh
start`` starts one; its indexes are prefixed ``zhinan_bench_rel_`` and dropped after).
"""

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BACKENDS = {
    "stock": {"BACKEND": "wagtail.search.backends.database"},
    "ours": {"BACKEND": "search.backends.database"},
}
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")


def child(backend):
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    import _setup  # throwaway database, settings module
    import django
    from django.conf import settings

    django.setup()
    if not os.environ.get("OPENSEARCH_URL"):  # else the settings' cluster, database beside it
        settings.WAGTAILSEARCH_BACKENDS = {"default": BACKENDS[backend]}
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))
    call_command("rebuild_search", verbosity=0, stdout=open(os.devnull, "w"))

    from search.public import SearchParams, run_search
    from search.results import public_pages
    from tests.search.relevance_queries import QUERIES

    from tests.search.citizen_queries import CITIZEN_QUERIES

    ranked, citizen = {}, {}
    if backend == "ours":
        for query, _, _ in CITIZEN_QUERIES:
            citizen[query] = answer(query)
    for query, _, _ in QUERIES:
        if backend == "stock":
            ranked[query] = [page.title for page in public_pages().search(query)[:5]]
        else:
            outcome = run_search(SearchParams(query))
            hits = outcome.promoted + outcome.hits if outcome.hits or outcome.promoted else outcome.closest
            ranked[query] = [hit.page.title for hit in hits[:5]]
    beside = {}
    if backend == "ours":  # the citizen set again, the real district's 1,135 items present
        from tests.search.sichuan_queries import SICHUAN_QUERIES, add_sichuan_guides

        add_sichuan_guides()
        for query, _, _ in CITIZEN_QUERIES:
            beside[query] = answer(query)
        for query, expected in SICHUAN_QUERIES:
            beside[query] = answer(query)
    if os.environ.get("OPENSEARCH_URL"):
        _setup.drop_cluster_indexes()
    print(json.dumps({"ranked": ranked, "citizen": citizen, "beside": beside},
                     ensure_ascii=False))


def answer(query):
    """(the first 10 titles, whether the page said honestly that nothing matches)."""
    from search.public import SearchParams, run_search

    outcome = run_search(SearchParams(query))
    hits = outcome.promoted + outcome.hits
    return [hit.page.title for hit in hits][:10], outcome.mode == "none" and not hits


def run_child(backend, database_url=None, opensearch=None):
    env = dict(os.environ)
    if database_url:
        env["BENCH_DATABASE_URL"] = database_url
    env.pop("OPENSEARCH_URL", None)
    if opensearch:
        env.update(OPENSEARCH_URL=opensearch, ELASTICSEARCH_INDEX_PREFIX="zhinan_bench_rel_")
    output = subprocess.run([sys.executable, __file__, "--child", backend], env=env, cwd=ROOT,
                            check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def report_citizen(label, citizen):
    from tests.search.citizen_queries import measure

    def show(value):
        return "   -  " if value is None else f"{value:6.3f}"

    print(f"{label:28} citizen set: recall@10 / MRR / none-honest (n)")
    for kind, (recall, mrr, honest, count) in measure(citizen).items():
        print(f"    {kind:8} {show(recall)} {show(mrr)} {show(honest)}  ({count})")


def report_beside(label, beside):
    """The citizen set with the real Sichuan items present, and the questions about them."""
    from tests.search.sichuan_queries import SICHUAN_QUERIES, measure_sichuan

    report_citizen(f"{label} + 1,135 real items", beside)
    recall, mrr, misses = measure_sichuan(beside)
    print(f"    四川事项 {recall:6.3f} {mrr:6.3f}    -   ({len(SICHUAN_QUERIES)})")
    for query, expected, got in misses:
        print(f"    miss (四川): {query!r}: expected {expected}, got {got}")


def report(label, ranked):
    sys.path.insert(0, str(ROOT))
    from tests.search.relevance_queries import SCORED, score

    top1, top5, misses = score(ranked)
    kinds = {}
    for query, expected, kind in SCORED:
        hit = ranked.get(query, [])[:1] == [expected]
        kinds.setdefault(kind, []).append(hit)
    by_kind = "  ".join(f"{kind} {sum(v)}/{len(v)}" for kind, v in kinds.items())
    print(f"{label:28} top-1 {top1:6.1%}  top-5 {top5:6.1%}   ({by_kind})")
    return misses


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", choices=BACKENDS)
    parser.add_argument("--postgres", action="store_true", help="also run on a throwaway PostgreSQL")
    parser.add_argument("--opensearch", metavar="URL",
                        help="also run ours with the index on this OpenSearch node")
    args = parser.parse_args()
    if args.child:
        return child(args.child)

    sys.path.insert(0, str(ROOT))
    from tests.search.relevance_queries import SCORED

    print(f"Relevance set: {len(SCORED)} citizen queries against the demo catalog (42 guides)")
    databases = [("SQLite", None)]
    if args.postgres:
        databases.append(("PostgreSQL", "postgres"))
    if args.opensearch:
        databases.append(("OpenSearch", "opensearch"))
    for db_label, kind in databases:
        for backend in ("stock", "ours") if kind != "opensearch" else ("ours",):
            url = None
            if kind == "postgres":
                url = create_pg_database(f"zhinan_bench_search_rel_{backend}")
            try:
                answers = run_child(backend, url, args.opensearch if kind == "opensearch" else None)
                misses = report(f"{db_label}, {backend} backend", answers["ranked"])
                if answers["citizen"]:
                    report_citizen(f"{db_label}, {backend} backend", answers["citizen"])
                if answers["beside"]:
                    report_beside(f"{db_label}, {backend} backend", answers["beside"])
            finally:
                if url:
                    drop_pg_database(url)
            if backend == "ours":
                for query, expected, got in misses:
                    print(f"    miss: {query!r}: expected {expected!r}, got {got[:3]}")


def create_pg_database(name):
    import psycopg

    with psycopg.connect(f"{PG_URL}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"{PG_URL}/{name}"


def drop_pg_database(url):
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
