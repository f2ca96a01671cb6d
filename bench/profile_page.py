"""Profile one page in-process: `python bench/profile_page.py /forum/ [--db labo_bench] [-n 200]
[--cookie name=value] [--sort cumulative] [--split]`.

Calls the real WSGI application (production settings, bench database) without a network, so
that what the profile shows is the platform's own Python: middleware, views, templates, SQL.
Prints the mean time per request and the top of cProfile's table.
"""

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def environ(url: str, cookie: str) -> dict:
    path, _, query = url.partition("?")
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8100",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_COOKIE": cookie,
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "wsgi.version": (1, 0),
    }


def template_times(request, runs: int) -> None:
    """Inclusive time per template (an include counts inside its parent too)."""
    from collections import defaultdict

    from django.template.base import Template

    spent = defaultdict(float)
    original = Template._render

    def timed(self, context):
        started = time.perf_counter()
        try:
            return original(self, context)
        finally:
            spent[self.origin.template_name or "?"] += time.perf_counter() - started

    Template._render = timed
    try:
        for _run in range(runs):
            request()
    finally:
        Template._render = original
    for name, seconds in sorted(spent.items(), key=lambda item: -item[1])[:25]:
        print(f"{seconds / runs * 1000:8.2f} ms  {name}")


def query_list(request, width: int = 300) -> None:
    """Each SQL query of one request: milliseconds, the platform's frame that ran it, the SQL."""
    import traceback

    from django.db import connection

    root = str(Path(__file__).resolve().parents[1])
    seen = []

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            # Timed before the stack is read: reading it costs about a millisecond.
            elapsed = (time.perf_counter() - started) * 1000
            ours = [
                f"{Path(frame.filename).relative_to(root)}:{frame.lineno} {frame.name}"
                for frame in traceback.extract_stack()
                if frame.filename.startswith(root)
                and "/.venv/" not in frame.filename
                and "/bench/" not in frame.filename
            ]
            seen.append((elapsed, ours[-1:] or ["?"], sql))

    with connection.execute_wrapper(timed):
        request()
    for milliseconds, where, sql in seen:
        print(f"{milliseconds:6.2f} ms  {where[0]}\n          {sql[:width]}")
    print(f"{len(seen)} queries, {sum(row[0] for row in seen):.2f} ms")


def wall_clock_split(request, runs: int) -> None:
    """Where a request's wall-clock time goes, without a profiler (cProfile's cost per call
    inflates code made of many small functions, such as Django's compiler, several times
    over): compiling SQL (the outermost `SQLCompiler.as_sql`), waiting on the database (the
    cursor's execute), and the rest (templates, turning rows into objects, middleware)."""
    from django.db import connection
    from django.db.models.sql.compiler import SQLCompiler

    spent = {"compiling SQL": 0.0, "database": 0.0}
    depth = [0]
    as_sql = SQLCompiler.as_sql

    def compiling(self, *args, **kwargs):
        depth[0] += 1
        started = time.perf_counter()
        try:
            return as_sql(self, *args, **kwargs)
        finally:
            depth[0] -= 1
            if not depth[0]:
                spent["compiling SQL"] += time.perf_counter() - started

    def executing(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent["database"] += time.perf_counter() - started

    SQLCompiler.as_sql = compiling
    try:
        with connection.execute_wrapper(executing):
            started = time.perf_counter()
            for _run in range(runs):
                request()
            total = time.perf_counter() - started
    finally:
        SQLCompiler.as_sql = as_sql
    rest = total - sum(spent.values())
    parts = " + ".join(f"{name} {seconds / runs * 1000:.2f}" for name, seconds in spent.items())
    print(f"{total / runs * 1000:.2f} ms per request = {parts} + the rest {rest / runs * 1000:.2f}")


def by_package(stats, runs: int) -> None:
    """Own time (tottime) per request, summed by where the code lives."""
    from collections import defaultdict

    areas = {
        "django/db/": "Django ORM",
        "django/template/": "Django templates",
        "django/templatetags/": "Django templates",
        "django/utils/translation": "translation",
        "psycopg": "PostgreSQL (psycopg, waiting included)",
        "wagtail/": "Wagtail",
        "django/": "Django (other)",
    }
    spent = defaultdict(float)
    root = str(Path(__file__).resolve().parents[1])
    for (filename, _line, _name), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():
        area = next((label for part, label in areas.items() if part in filename), None)
        if area is None:
            if filename.startswith(root) and "/.venv/" not in filename:
                area = "platform code"
            elif "site-packages" in filename:
                area = "other libraries"
            else:
                area = "Python (built-ins, stdlib)"
        spent[area] += tottime
    for area, seconds in sorted(spent.items(), key=lambda item: -item[1]):
        print(f"{seconds / runs * 1000:8.2f} ms  {area}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--db", default="labo_bench_demo")
    parser.add_argument("-n", type=int, default=200)
    parser.add_argument("--cookie", default="")
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--top", type=int, default=45)
    parser.add_argument("--time-only", action="store_true", help="no cProfile table")
    parser.add_argument("--callers", help="also list who calls the functions matching this")
    parser.add_argument("--by-package", action="store_true", help="own time by library")
    parser.add_argument("--queries", action="store_true", help="each SQL query of one request")
    parser.add_argument("--sql-width", type=int, default=300, help="characters of SQL shown")
    parser.add_argument(
        "--templates", action="store_true", help="time spent in each template (inclusive)"
    )
    parser.add_argument(
        "--split",
        action="store_true",
        help="wall clock: compiling SQL, the database, the rest (no profiler)",
    )
    args = parser.parse_args()
    os.environ["BENCH_DATABASE"] = args.db
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
    statuses = []

    def request() -> None:
        body = application(environ(args.url, args.cookie), lambda s, h: statuses.append(s))
        b"".join(body)
        getattr(body, "close", lambda: None)()

    for _warm in range(5):
        request()
    if args.queries:
        query_list(request, args.sql_width)
        return
    if args.templates:
        template_times(request, args.n)
        return
    if args.split:
        wall_clock_split(request, args.n)
        return
    started, cpu_started = time.perf_counter(), time.process_time()
    for _run in range(args.n):
        request()
    elapsed = (time.perf_counter() - started) / args.n
    # This process's CPU alone (PostgreSQL's work is not in it): steadier than the wall clock
    # when something else keeps the machine busy.
    cpu = (time.process_time() - cpu_started) / args.n
    print(
        f"{args.url}: {elapsed * 1000:.2f} ms per request ({statuses[-1]}), "
        f"{cpu * 1000:.2f} ms of this process's CPU, {args.n} runs"
    )
    if args.time_only:
        return
    profiler = cProfile.Profile()
    profiler.enable()
    for _run in range(args.n):
        request()
    profiler.disable()
    stats = pstats.Stats(profiler).sort_stats(args.sort)
    if args.by_package:
        by_package(stats, args.n)
        return
    stats.print_stats(args.top)
    if args.callers:
        stats.print_callers(args.callers)


if __name__ == "__main__":
    main()
