"""Every SQL query of the benchmark's pages with every cache empty, and its plan:
`python bench/explain.py [--db labo_bench] [--top 3]`.

Renders each page of bench/pages.py in-process (production settings, `BENCH_CACHES=empty`),
records each query with its parameters and time, then asks PostgreSQL for the plan of each
distinct one (`EXPLAIN (ANALYZE, BUFFERS)`). Prints the `--top` slowest with their plans
(docs/performance.md keeps the three heaviest) and fails (exit 1) if a plan reads a whole
table of more than `--rows` rows (a sequential scan): every query must find its rows through
an index.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


# Tables a count reads whole on purpose: counting every row of a set reads every row, and a
# sequential scan of a narrow table is the cheapest way to do it.
COUNTED_WHOLE = {
    # The library's theme counts (labo.facets.term_counts): one (resource, theme) pair per row,
    # three integer columns, 1.5 ms for the 11,475 pairs of the bench data.
    "resources_resourcepage_themes",
    "projects_projectpage_habitat_kinds",
    "events_eventpage_themes",
}


def _sequential_scans(lines: list[str]):
    """(table, rows read) of each sequential scan of a plan: the rows it returned and those
    its filter removed (a node's details follow it until the next node, `->`)."""
    for index, line in enumerate(lines):
        found = re.search(r"Seq Scan on (\S+).*actual time=\S+ rows=(\d+) loops=(\d+)", line)
        if not found:
            continue
        read = int(found.group(2))
        for detail in lines[index + 1 :]:
            if "->" in detail:
                break
            removed = re.search(r"Rows Removed by Filter: (\d+)", detail)
            if removed:
                read += int(removed.group(1))
        yield found.group(1), read * int(found.group(3))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="labo_bench")
    parser.add_argument("--top", type=int, default=3)
    parser.add_argument("--rows", type=int, default=2000, help="largest table a plan may scan")
    args = parser.parse_args()
    os.environ["BENCH_DATABASE"] = args.db
    os.environ["BENCH_CACHES"] = "empty"
    os.environ["PAGE_CACHE_SECONDS"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    plan = json.loads(
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "pages.py")],
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            capture_output=True,
            text=True,
            check=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    from django.core.wsgi import get_wsgi_application
    from django.db import connection

    from bench.profile_page import environ

    application = get_wsgi_application()
    seen: dict[str, dict] = {}

    def record(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent = (time.perf_counter() - started) * 1000
            entry = seen.setdefault(sql, {"sql": sql, "params": params, "ms": 0.0, "pages": set()})
            entry["ms"] = max(entry["ms"], spent)
            entry["pages"].add(current["name"])

    current = {"name": ""}
    for page in plan["pages"]:
        current["name"] = page["name"]
        cookie = plan["cookies"].get(page["who"] or "", "")
        for run in range(2):  # the second run, once the connection prepared its statements
            if run:
                with connection.execute_wrapper(record):
                    b"".join(application(environ(page["url"], cookie), lambda *_: None))
            else:
                b"".join(application(environ(page["url"], cookie), lambda *_: None))

    scans = []
    explained = []
    with connection.cursor() as cursor:
        for entry in seen.values():
            if not entry["sql"].lstrip().upper().startswith(("SELECT", "(SELECT", "WITH")):
                continue
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + entry["sql"], entry["params"])
            lines = [row[0] for row in cursor.fetchall()]
            entry["plan"] = lines
            explained.append(entry)
            for table, read in _sequential_scans(lines):
                if read > args.rows and table not in COUNTED_WHOLE:
                    scans.append((table, read, sorted(entry["pages"])))

    explained.sort(key=lambda entry: -entry["ms"])
    print(f"{len(explained)} distinct queries on {len(plan['pages'])} pages, caches empty.\n")
    for entry in explained[: args.top]:
        print(f"## {entry['ms']:.1f} ms — {', '.join(sorted(entry['pages']))}\n")
        print(entry["sql"][:1500])
        print()
        print("\n".join(entry["plan"]))
        print()
    if scans:
        print("Whole tables read:")
        for table, rows, pages in scans:
            print(f"  {table}: {rows} rows ({', '.join(pages)})")
        return 1
    print(f"No query reads a whole table of more than {args.rows} rows.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
