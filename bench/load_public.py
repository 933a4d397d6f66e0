"""Load test of the public site: gunicorn, production settings, PostgreSQL, Redis, 20,000 guides.

    .venv/bin/python bench/load_public.py                 # 20,000 guides (set-up ≈ 2–4 min once)
    .venv/bin/python bench/load_public.py --guides 2000   # smaller catalog, quicker set-up
    .venv/bin/python bench/load_public.py --reuse         # keep and reuse the prepared database
    .venv/bin/python bench/load_public.py --guides 20000 --prepare-only   # set-up now, load later

Loopback only (127.0.0.1), bounded in time (each phase has a fixed duration or request count).
The catalog is built once with ``demo.synthetic.generate`` into a throwaway PostgreSQL database
(``--database``) and indexed for search; the page cache and rate limit use a Redis database of
their own (``--redis``, flushed at start). The server is the documented production command:
gunicorn with ``config.settings.production``.

Phases, each printing requests/s, p50/p95/p99 latency and errors:
  1. cold       – empty cache, every URL once: guide pages, catalog filters, search;
  2. warm guide – the same guide pages again, from the cache;
  3. warm mix   – guides 70 %, catalog filters 15 %, search 15 %;
  4. publish    – warm mix while a guide is published: seconds until the page shows it;
  5. feedback   – 1,000 rapid posts from one client during warm guide load: how many were
                  refused (429, with the Chinese message) and whether guide latency moved.
The load generator is wrk (Debian package) when present, else a small asyncio client.
"""

import argparse
import asyncio
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").exists() else sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
SEARCH_QUERIES = ["出生登记", "上户口", "营业执照", "结婚", "社保卡", "公积金提取", "身份证",
                  "居住证", "医保", "退休", "生育津贴", "失业登记", "低保", "残疾人证", "yyzz",
                  "准生证", "户口迁移", "商品房", "施工许可", "食品经营许可"]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--guides", type=int, default=2000,
                        help="synthetic guides (default 2000, quick; --guides 20000 for the full figure, ≈ 12 min of set-up on PostgreSQL)")
    parser.add_argument("--duration", type=int, default=15, help="seconds per timed phase")
    parser.add_argument("--hot", type=int, default=300, help="distinct guide pages in the load")
    parser.add_argument("--connections", type=int, default=8, help="concurrent connections")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=2, help="gunicorn threads per worker")
    parser.add_argument("--port", type=int, default=8791)
    parser.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/zhinan_bench_public")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/9")
    parser.add_argument("--reuse", action="store_true",
                        help="reuse the database when it already has the catalog (and keep it)")
    parser.add_argument("--prepare-only", action="store_true",
                        help="build (and keep) the catalog database, then stop: run the load later "
                             "with --reuse on a quiet machine")
    parser.add_argument("--client", choices=["auto", "wrk", "asyncio"], default="auto")
    parser.add_argument("--cache-seconds", type=int, default=3600,
                        help="page-cache lifetime for the server (ZHINAN_PAGE_CACHE_SECONDS, 600 in "
                             "production): longer than the run, so warm phases measure hits and "
                             "not pages expiring half-way (an expired page costs what phase 1 shows)")
    return parser.parse_args()


def loopback_only(*urls):
    for url in urls:
        host = urllib.parse.urlsplit(url).hostname
        if host not in ("127.0.0.1", "localhost", "::1"):
            sys.exit(f"refusing to run against {host}: this load test is loopback only")


def server_env(args):
    return {
        **os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "bench-only-" + "x" * 50, "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": args.database, "REDIS_URL": args.redis, "SECURE_SSL_REDIRECT": "0",
        "SITE_URL": f"http://127.0.0.1:{args.port}",  # production settings require it
        "CACHE_KEY_PREFIX": "zhinan-bench", "ZHINAN_PAGE_CACHE_SECONDS": str(args.cache_seconds), "MEDIA_ROOT": tempfile.gettempdir() + "/zhinan-bench-media",
    }


# --- set-up -------------------------------------------------------------------------------

def prepare_database(args, env):
    import psycopg

    parts = urllib.parse.urlsplit(args.database)
    name = parts.path.lstrip("/")
    admin = args.database.replace(parts.path, "/postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and args.reuse:
            with psycopg.connect(args.database) as db:
                try:
                    count = db.execute("SELECT count(*) FROM catalog_serviceguidepage").fetchone()[0]
                except psycopg.Error:
                    count = 0
            if count >= args.guides:
                print(f"reusing {name}: {count} guides (migrating it if the code moved on)")
                subprocess.run([PYTHON, str(ROOT / "manage.py"), "migrate", "--noinput", "-v0"],
                               env={**env, "DJANGO_SETTINGS_MODULE": "config.settings.dev"},
                               cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
                return count
        if exists:
            conn.execute(f'DROP DATABASE "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    setup_env = {**env, "DJANGO_SETTINGS_MODULE": "config.settings.dev"}
    manage = [PYTHON, str(ROOT / "manage.py")]
    for step, command in (("migrate", ["migrate", "--noinput", "-v0"]),
                          ("generate", ["generate_catalog", "--count", str(args.guides), "--seed", "1"]),
                          ("index", ["rebuild_search"])):
        start = time.perf_counter()
        subprocess.run(manage + command, env=setup_env, cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
        print(f"  set-up {step}: {time.perf_counter() - start:.0f} s", flush=True)
    with psycopg.connect(args.database) as db:
        return db.execute("SELECT count(*) FROM catalog_serviceguidepage").fetchone()[0]


def public_paths(args):
    """Guide URLs (live), catalog filter URLs and search URLs of the prepared site."""
    import psycopg

    with psycopg.connect(args.database) as db:
        root = db.execute("SELECT p.url_path FROM wagtailcore_site s JOIN wagtailcore_page p "
                          "ON p.id = s.root_page_id WHERE s.is_default_site").fetchone()[0]
        guides = [row[0] for row in db.execute(
            "SELECT p.url_path FROM wagtailcore_page p JOIN catalog_serviceguidepage g "
            "ON g.page_ptr_id = p.id WHERE p.live ORDER BY p.id")]
        departments = [row[0] for row in db.execute(
            "SELECT p.slug FROM wagtailcore_page p JOIN catalog_departmentpage d "
            "ON d.page_ptr_id = p.id ORDER BY p.path")]
        themes = [row[0] for row in db.execute("SELECT slug FROM catalog_theme")]
    guides = ["/" + path[len(root):] for path in guides]
    rng = random.Random(8)
    filters = []
    for department in departments:
        for online in ("", "全程网办", "网上预审"):
            for visits in ("", "0", "1"):
                query = {"department": department, "online": online, "visits": visits}
                filters.append("/shixiang/?" + urllib.parse.urlencode({k: v for k, v in query.items() if v}))
    filters += [f"/shixiang/?theme={theme}&page={rng.randint(1, 5)}" for theme in themes]
    search = ["/search/?" + urllib.parse.urlencode({"q": q}) for q in SEARCH_QUERIES]
    search += ["/search/?" + urllib.parse.urlencode({"q": q, "department": d})
               for q in SEARCH_QUERIES[:6] for d in departments[:4]]
    return guides, filters, search


def start_server(args, env):
    subprocess.run([PYTHON, str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v0"],
                   env=env, cwd=ROOT, check=True)
    command = [GUNICORN, "config.wsgi:application", "--bind", f"127.0.0.1:{args.port}",
               "--workers", str(args.workers), "--worker-class", "gthread",
               "--threads", str(args.threads), "--keep-alive", "5", "--timeout", "30",
               "--limit-request-line", "0",  # 1,000-character pasted questions in the URL (README)
               "--max-requests", "20000", "--max-requests-jitter", "2000"]
    log = open(tempfile.gettempdir() + "/zhinan-bench-gunicorn.log", "w")
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{args.port}"
    for _ in range(150):
        try:
            urllib.request.urlopen(base + "/", timeout=2)
            return process, base
        except (OSError, urllib.error.HTTPError):
            time.sleep(0.2)
    process.kill()
    sys.exit(f"gunicorn did not start; see {log.name}")


def flush_redis(url):
    import redis

    redis.Redis.from_url(url).flushdb()


# --- load generators ----------------------------------------------------------------------

WRK_SCRIPT = """
local paths = {%(paths)s}
local once = %(once)s
local counter, step = 0, 0
local threads = {}
function setup(thread)
  thread:set("offset", #threads)
  table.insert(threads, thread)
end
function init(args)
  step = offset
end
function request()
  local path = paths[(step %% #paths) + 1]
  step = step + %(nthreads)d
  return wrk.format("GET", path)
end
function response(status, headers, body)
  counter = counter + 1
  if once and counter * %(nthreads)d >= #paths then wrk.thread:stop() end
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('{"requests": %%d, "seconds": %%f, "p50": %%d, "p95": %%d, "p99": %%d, ' ..
    '"connect": %%d, "read": %%d, "write": %%d, "status": %%d, "timeout": %%d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), e.connect, e.read, e.write, e.status, e.timeout))
end
"""


def run_wrk(base, paths, seconds, connections, once=False):
    threads = 1
    script = WRK_SCRIPT % {"paths": ",".join(json.dumps(p) for p in paths),
                           "once": "true" if once else "false", "nthreads": threads}
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    command = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s",
               "--timeout", "10s", "-s", handle.name, base]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    os.unlink(handle.name)
    data = json.loads(output.strip().splitlines()[-1])
    errors = data["connect"] + data["read"] + data["write"] + data["status"] + data["timeout"]
    return {"requests": data["requests"], "rps": data["requests"] / data["seconds"],
            "p50": data["p50"] / 1000, "p95": data["p95"] / 1000, "p99": data["p99"] / 1000,
            "errors": errors}


async def _fetch(host, port, path, stream):
    reader, writer = stream
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: keep-alive\r\n\r\n".encode())
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = int(re.search(rb"(?i)content-length:\s*(\d+)", head).group(1))
    await reader.readexactly(length)
    return status


def run_asyncio(base, paths, seconds, connections, once=False):
    """A small keep-alive HTTP/1.1 client: the fallback when wrk is not installed."""
    parts = urllib.parse.urlsplit(base)
    latencies, errors = [], 0
    queue = list(paths)

    async def worker(index):
        nonlocal errors
        stream = await asyncio.open_connection(parts.hostname, parts.port)
        step = index
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline:
            if once:
                if not queue:
                    break
                path = queue.pop()
            else:
                path = paths[step % len(paths)]
                step += connections
            start = time.perf_counter()
            try:
                status = await _fetch(parts.hostname, parts.port, path, stream)
                if status >= 400:
                    errors += 1
            except (OSError, asyncio.IncompleteReadError, AttributeError):
                errors += 1
                stream = await asyncio.open_connection(parts.hostname, parts.port)
            latencies.append((time.perf_counter() - start) * 1000)

    async def main():
        start = time.perf_counter()
        await asyncio.gather(*(worker(i) for i in range(connections)))
        return time.perf_counter() - start

    elapsed = asyncio.run(main())
    latencies.sort()
    pick = lambda p: latencies[min(len(latencies) - 1, int(len(latencies) * p / 100))] if latencies else 0  # noqa: E731
    return {"requests": len(latencies), "rps": len(latencies) / elapsed, "p50": pick(50),
            "p95": pick(95), "p99": pick(99), "errors": errors}


def report(label, result):
    print(f"{label:<34} {result['requests']:>7} req  {result['rps']:>7.0f} req/s  "
          f"p50 {result['p50']:>7.1f} ms  p95 {result['p95']:>7.1f} ms  "
          f"p99 {result['p99']:>7.1f} ms  errors {result['errors']}", flush=True)


# --- the scenario ---------------------------------------------------------------------------

def setup_django(env):
    os.environ.update({k: v for k, v in env.items() if k in (
        "DJANGO_SETTINGS_MODULE", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL",
        "SECURE_SSL_REDIRECT", "CACHE_KEY_PREFIX", "MEDIA_ROOT", "SITE_URL")})
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def publish_during_load(base, guide_path, load):
    """Publish a new title for ``guide_path`` while ``load()`` runs; seconds until it shows."""
    from catalog.models import ServiceGuidePage

    results = {}
    thread = threading.Thread(target=lambda: results.update(load=load()))
    thread.start()
    time.sleep(3)
    guide = ServiceGuidePage.objects.get(url_path__endswith=guide_path.lstrip("/"))
    new_title = f"{guide.title.split('·')[0]}·{int(time.time())}"
    guide.title = new_title
    start = time.perf_counter()
    guide.save_revision().publish()
    published = time.perf_counter() - start
    while time.perf_counter() - start < 30:
        html = urllib.request.urlopen(base + guide_path).read().decode()
        if new_title in html:
            results["visible_after"] = time.perf_counter() - start
            break
        time.sleep(0.05)
    thread.join()
    results["publish_seconds"] = published
    return results


def feedback_flood(base, guide_path, guide_id, posts=1000, threads=8):
    """``posts`` rapid rating posts from one client (this process), with a valid CSRF token."""
    opener = urllib.request.build_opener()
    response = opener.open(base + guide_path)
    html = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    cookie = re.search(r"csrftoken=([^;]+)", response.headers.get("Set-Cookie", "")).group(1)
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "score": "1",
                                   "comment": "<script>alert(1)</script>" * 3}).encode()
    statuses, messages = [], set()
    lock = threading.Lock()

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    poster = urllib.request.build_opener(NoRedirect)

    def post(count):
        for _ in range(count):
            request = urllib.request.Request(base + f"/fankui/{guide_id}/pingjia/", data=body,
                                             headers={"Cookie": f"csrftoken={cookie}"})
            try:
                status = poster.open(request).status
            except urllib.error.HTTPError as error:
                status = error.code
                if status == 429:
                    text = error.read().decode()
                    found = re.search(r"提交太频繁了[^<]*", text)
                    with lock:
                        messages.add(found.group(0) if found else "")
            with lock:
                statuses.append(status)

    start = time.perf_counter()
    workers = [threading.Thread(target=post, args=(posts // threads,)) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - start
    return statuses, messages, elapsed


def main():
    args = parse_args()
    loopback_only(args.database, args.redis)
    use_wrk = args.client == "wrk" or (args.client == "auto" and shutil.which("wrk"))
    run = run_wrk if use_wrk else run_asyncio
    env = server_env(args)
    print(f"Zhinan public load test: {args.guides} guides, gunicorn {args.workers}×{args.threads} "
          f"(gthread), {args.connections} connections, {'wrk' if use_wrk else 'asyncio client'}, "
          f"{os.cpu_count()} CPUs; page-cache lifetime {args.cache_seconds} s", flush=True)
    count = prepare_database(args, env)
    if args.prepare_only:
        print(f"prepared {count} guides; run again with --reuse for the load phases")
        return
    guides, filters, search = public_paths(args)
    print(f"catalog: {count} guides ({len(guides)} live); {len(filters)} filter URLs, "
          f"{len(search)} search URLs", flush=True)
    flush_redis(args.redis)
    server, base = start_server(args, env)
    try:
        rng = random.Random(1)
        hot_guides = rng.sample(guides, min(args.hot, len(guides)))
        # 70 % guide pages, 30 % catalog filters and searches (about half each).
        mix = (hot_guides * 3)[: (len(filters) + len(search)) * 7 // 3] + filters + search
        rng.shuffle(mix)
        flush_redis(args.redis)
        print("\nphase                               requests   rate        latency", flush=True)
        # Cold: an empty cache, each URL once, a few at a time (bounded by count and 180 s).
        report("1a. cold guide pages (each once)", run(base, hot_guides, 180, 4, once=True))
        report("1b. cold catalog filters (each once)", run(base, filters, 180, 4, once=True))
        report("1c. cold search (each once)", run(base, search, 180, 4, once=True))
        report("2. warm guide pages", run(base, hot_guides, args.duration, args.connections))
        report("3. warm mix 70/15/15", run(base, mix, args.duration, args.connections))

        setup_django(env)
        outcome = publish_during_load(base, hot_guides[0],
                                      lambda: run(base, mix, args.duration, args.connections))
        report("4. warm mix during a publish", outcome["load"])
        print(f"   publishing (revision, change record, search index, purge) took "
              f"{outcome['publish_seconds']:.2f} s; the page showed the new title "
              f"{outcome.get('visible_after', float('nan')) - outcome['publish_seconds']:.2f} s "
              f"after it returned", flush=True)

        # Phase 5 measures the flood, not re-rendering: the pages are cached afresh first (the
        # first warm-up is ten minutes old by now, the end of a cached page's lifetime).
        flush_redis(args.redis)
        run(base, hot_guides, 180, 4, once=True)
        from catalog.models import ServiceGuidePage

        guide_id = ServiceGuidePage.objects.get(url_path__endswith=hot_guides[1].lstrip("/")).pk
        flood = {}
        thread = threading.Thread(target=lambda: flood.update(
            result=feedback_flood(base, hot_guides[1], guide_id)))
        thread.start()
        during = run(base, hot_guides, args.duration, args.connections)
        thread.join()
        report("5. warm guides during 1,000 posts", during)
        statuses, messages, elapsed = flood["result"]
        print(f"   1,000 rating posts from one client in {elapsed:.1f} s: "
              f"{statuses.count(302)} accepted, {statuses.count(429)} refused (429), "
              f"{len(statuses) - statuses.count(302) - statuses.count(429)} other", flush=True)
        for message in messages:
            print(f"   message: {message}", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=20)
        if not args.reuse:
            import psycopg

            parts = urllib.parse.urlsplit(args.database)
            with psycopg.connect(args.database.replace(parts.path, "/postgres"), autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')


if __name__ == "__main__":
    main()
