"""`make bench`: every page measured with wrk against gunicorn, on the demo data and at national
scale, next to the ceiling (a minimal Django view under the same gunicorn settings).

Writes bench/results/<date>.json and prints the table and the targets. See docs/performance.md.
"""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
BIN = Path(PYTHON).parent
PORT = 8100
BASE = f"http://127.0.0.1:{PORT}"
DURATION = os.environ.get("BENCH_DURATION", "15s")
CONNECTIONS = 8
DATABASES = {"demo": "labo_bench_demo", "bench": "labo_bench"}

TARGETS = {
    "public_fraction": 0.05,
    "public_p99_ms": 100,
    "cached_fraction": 0.40,
    "search_fraction": 0.02,
    "search_p99_ms": 250,
    "logged_in_fraction": 0.03,
    "public_queries": 15,
    "logged_in_queries": 25,
    "peak_rss_mb": 200,
    "growth": 0.80,
    # Every cache empty (DummyCache): the uncached core.
    "empty_public_fraction": 0.02,
    "empty_public_p99_ms": 150,
    "empty_search_fraction": 0.015,
    "empty_logged_in_fraction": 0.012,
    "empty_public_queries": 12,
    "empty_logged_in_queries": 20,
}
# The three modes of each scale, in the order they are measured.
MODES = ("page cache off", "caches empty", "page cache on")


@dataclass
class Result:
    name: str
    url: str
    scale: str
    cached: bool
    logged_in: bool
    rps: float
    p50_ms: float
    p99_ms: float
    non_2xx: int
    queries: int
    fraction_of_ceiling: float = 0.0
    caches_empty: bool = False


# Processes ---------------------------------------------------------------------------------------


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    print("wrk is missing: apt-get install -y wrk", flush=True)
    subprocess.run(["apt-get", "install", "-y", "wrk"], check=True, capture_output=True)
    return shutil.which("wrk")


def environment(
    database: str | None, *, page_cache: bool = False, caches_empty: bool = False
) -> dict:
    """The platform on one benchmark database, or (None) the ceiling's minimal project; the
    anonymous page cache off unless asked for; every cache a DummyCache with `caches_empty`."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("BENCH_CACHES", None)
    if database:
        env.update(
            DJANGO_SETTINGS_MODULE="bench.settings",
            BENCH_DATABASE=database,
            PAGE_CACHE_SECONDS="600" if page_cache else "0",
        )
        if caches_empty:
            env["BENCH_CACHES"] = "empty"
    else:
        env["DJANGO_SETTINGS_MODULE"] = "bench.hello.settings"
    return env


def start_gunicorn(application: str, env: dict) -> subprocess.Popen:
    command = [
        str(BIN / "gunicorn"),
        application,
        "--config",
        str(ROOT / "deploy" / "gunicorn.conf.py"),
        "--bind",
        f"127.0.0.1:{PORT}",
        "--workers",
        "2",
        "--access-logfile",
        "/dev/null",
        # No recycling during a run: a worker that grows must show in the peak memory.
        "--max-requests",
        "0",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    for _attempt in range(100):
        try:
            urllib.request.urlopen(BASE + "/", timeout=2)
            return server
        except OSError as error:
            if getattr(error, "code", None):  # an HTTP answer: the server is up
                return server
            time.sleep(0.2)
    stop(server)
    raise RuntimeError(f"gunicorn did not start: {application}")


def worker_pids(server: subprocess.Popen) -> list[int]:
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def peak_rss_mb(pids: list[int]) -> float:
    peaks = []
    for pid in pids:
        status = Path(f"/proc/{pid}/status")
        if status.exists():
            match = re.search(r"VmHWM:\s+(\d+) kB", status.read_text())
            peaks.append(int(match.group(1)) / 1024 if match else 0)
    return max(peaks, default=0.0)


def stop(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)


# Measuring --------------------------------------------------------------------------------------


def _milliseconds(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(us|ms|s|m|h)$", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000, "h": 3_600_000}[unit]


def wrk(url: str, *, cookie: str = "") -> dict:
    command = [WRK, "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}", "--latency", BASE + url]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    if "Latency Distribution" not in output:
        raise RuntimeError(f"wrk gave no latencies for {url}:\n{output}")
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        # At a line's start: "68.50%" in the thread stats also ends with "50%".
        "p50_ms": _milliseconds(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1)),
        "p99_ms": _milliseconds(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1)),
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
    }


def warm_up(url: str, cookie: str = "") -> tuple[int, str]:
    """Five requests; the status and the page cache's verdict (X-Page-Cache) of the last."""
    request = urllib.request.Request(BASE + url, headers={"Cookie": cookie} if cookie else {})
    status, verdict = 0, ""
    for _attempt in range(5):
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status, verdict = response.status, response.headers.get("X-Page-Cache", "")
        except urllib.error.HTTPError as error:
            status = error.code
    return status, verdict


def prepare(scale: str, *, caches_empty: bool = False) -> dict:
    """Sessions for the signed-in pages, the concrete URLs and the SQL queries of each page,
    computed in a child process on that scale's database (with every cache empty: the queries
    of the uncached core)."""
    script = ROOT / "bench" / "pages.py"
    output = subprocess.run(
        [PYTHON, str(script)],
        env=environment(DATABASES[scale], caches_empty=caches_empty),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def measure_scale(
    scale: str, plan: dict, *, cached: bool, caches_empty: bool = False
) -> tuple[list[Result], float]:
    """Every page with the anonymous page cache off (kept fragments warm, or with
    `caches_empty` every cache a DummyCache); or, with it on, the anonymous pages (the only
    ones it serves), each checked to come from it."""
    pages = [page for page in plan["pages"] if not (cached and page["who"])]
    server = start_gunicorn(
        "labo.wsgi",
        environment(DATABASES[scale], page_cache=cached, caches_empty=caches_empty),
    )
    results = []
    try:
        for page in pages:
            cookie = plan["cookies"].get(page["who"] or "", "")
            status, verdict = warm_up(page["url"], cookie)
            if cached and verdict != "hit":
                raise RuntimeError(f"{page['url']} is not served from the page cache ({verdict})")
            measured = wrk(page["url"], cookie=cookie)
            results.append(
                Result(
                    name=page["name"],
                    url=page["url"],
                    scale=scale,
                    cached=cached,
                    logged_in=bool(page["who"]),
                    queries=0 if cached else page["queries"],
                    caches_empty=caches_empty,
                    **measured,
                )
            )
            mode = "cached" if cached else "empty" if caches_empty else ""
            print(
                f"  {scale:<5} {mode:<6} {page['name']:<34} "
                f"{measured['rps']:>8.1f} req/s p99 {measured['p99_ms']:>7.1f} ms  "
                f"{0 if cached else page['queries']:>3} queries"
                f"{'' if status == 200 else f'  (status {status})'}",
                flush=True,
            )
        rss = peak_rss_mb(worker_pids(server))
    finally:
        stop(server)
    return results, rss


def measure_ceiling() -> float:
    # A pause first: the ceiling measured right after a block of pages came out at a third of
    # a quiet one (docs/performance.md: the machine drifts anyway, so the highest sample wins).
    time.sleep(20)
    server = start_gunicorn("bench.hello.wsgi", environment(None))
    try:
        warm_up("/")
        return wrk("/")["rps"]
    finally:
        stop(server)


# Report ------------------------------------------------------------------------------------------


def checks(results: list[Result], rss: float) -> list[tuple[str, bool, str]]:
    outcome = []
    by_key = {(r.name, r.scale, r.cached): r for r in results if not r.caches_empty}
    for r in results:
        search = r.name.startswith("recherche")
        label = f"{r.scale} {r.name}{' (cached)' if r.cached else ''}"
        if r.cached:
            minimum = TARGETS["cached_fraction"]
            outcome.append(
                (
                    f"{label}: ≥ {minimum:.0%} of ceiling",
                    r.fraction_of_ceiling >= minimum,
                    f"{r.fraction_of_ceiling:.1%}",
                )
            )
            outcome.append((f"{label}: no error", r.non_2xx == 0, str(r.non_2xx)))
            continue
        if r.caches_empty:
            label = f"{r.scale} {r.name} (caches empty)"
            if r.logged_in:
                minimum, queries = (
                    TARGETS["empty_logged_in_fraction"],
                    TARGETS["empty_logged_in_queries"],
                )
                p99 = None
            elif search:
                minimum, queries = TARGETS["empty_search_fraction"], TARGETS["empty_public_queries"]
                p99 = None
            else:
                minimum, queries = TARGETS["empty_public_fraction"], TARGETS["empty_public_queries"]
                p99 = TARGETS["empty_public_p99_ms"]
            outcome.append(
                (
                    f"{label}: ≥ {minimum:.1%} of ceiling",
                    r.fraction_of_ceiling >= minimum,
                    f"{r.fraction_of_ceiling:.1%}",
                )
            )
            if p99 is not None:
                outcome.append((f"{label}: p99 ≤ {p99} ms", r.p99_ms <= p99, f"{r.p99_ms:.0f} ms"))
            outcome.append((f"{label}: ≤ {queries} queries", r.queries <= queries, str(r.queries)))
            outcome.append((f"{label}: no error", r.non_2xx == 0, str(r.non_2xx)))
            continue
        if r.logged_in:
            minimum, queries = TARGETS["logged_in_fraction"], TARGETS["logged_in_queries"]
            p99 = None
        elif search:
            minimum, queries, p99 = (
                TARGETS["search_fraction"],
                TARGETS["public_queries"],
                TARGETS["search_p99_ms"],
            )
        else:
            minimum, queries = TARGETS["public_fraction"], TARGETS["public_queries"]
            p99 = TARGETS["public_p99_ms"]
        outcome.append(
            (
                f"{label}: ≥ {minimum:.0%} of ceiling",
                r.fraction_of_ceiling >= minimum,
                f"{r.fraction_of_ceiling:.1%}",
            )
        )
        if p99 is not None:
            outcome.append((f"{label}: p99 ≤ {p99} ms", r.p99_ms <= p99, f"{r.p99_ms:.0f} ms"))
        outcome.append((f"{label}: ≤ {queries} queries", r.queries <= queries, str(r.queries)))
        outcome.append((f"{label}: no error", r.non_2xx == 0, str(r.non_2xx)))
        if r.scale == "bench" and (r.name, "demo", False) in by_key:
            demo = by_key[(r.name, "demo", False)]
            growth = r.rps / demo.rps if demo.rps else 0
            outcome.append(
                (
                    f"{r.name}: bench ≥ 80 % of demo req/s",
                    growth >= TARGETS["growth"],
                    f"{growth:.0%}",
                )
            )
            outcome.append(
                (
                    f"{r.name}: same queries on both",
                    r.queries == demo.queries,
                    f"{demo.queries}→{r.queries}",
                )
            )
    outcome.append(("peak RSS per worker ≤ 200 MB", rss <= TARGETS["peak_rss_mb"], f"{rss:.0f} MB"))
    return outcome


def main() -> int:
    global WRK
    WRK = ensure_wrk()
    from bench import generate

    for scale, database in DATABASES.items():
        os.environ["BENCH_DATABASE"] = database
        subprocess.run(
            [PYTHON, str(ROOT / "bench" / "generate.py")]
            + (["--demo-only"] if scale == "demo" else []),
            env=environment(database),
            cwd=ROOT,
            check=True,
        )
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        env=environment(DATABASES["demo"]),
        cwd=ROOT,
        check=True,
    )
    # This machine's speed drifts by a factor of two or more within minutes: the ceiling is
    # measured first and before each block of pages, and every page is divided by the highest
    # of them (the strictest reading: a ceiling caught in a slow minute flatters every page).
    ceilings = [measure_ceiling()]  # on the quiet machine, before any page
    print(f"Ceiling: {ceilings[0]:.0f} req/s")
    results, peaks = [], []
    for scale in DATABASES:
        plans = {False: prepare(scale), True: prepare(scale, caches_empty=True)}
        for mode in MODES:
            cached, caches_empty = mode == "page cache on", mode == "caches empty"
            ceiling = measure_ceiling()
            ceilings.append(ceiling)
            print(
                f"Pages on the {scale} data, {mode} "
                f"(ceiling now {ceiling:.0f} req/s: bench/hello, gunicorn 2 workers, "
                f"wrk {CONNECTIONS} connections, {DURATION}):"
            )
            measured, rss = measure_scale(
                scale, plans[caches_empty], cached=cached, caches_empty=caches_empty
            )
            results += measured
            peaks.append(rss)
    report = {
        "date": date.today().isoformat(),
        "ceiling_samples": [round(value, 1) for value in ceilings],
        "peak_rss_mb": round(max(peaks), 1),
        "duration": DURATION,
        "connections": CONNECTIONS,
        "scale": generate.SCALE,
        "pages": [asdict(r) for r in results],
    }
    path = ROOT / "bench" / "results" / f"{date.today().isoformat()}.json"
    return conclude(report, path)


def conclude(report: dict, path: Path) -> int:
    """Ratios, targets, the file and the table, from the measurements of a run."""
    ceiling = max(report["ceiling_samples"])
    results = [Result(**page) for page in report["pages"]]
    for r in results:
        r.fraction_of_ceiling = round(r.rps / ceiling, 4) if ceiling else 0
    report["ceiling_rps"] = round(ceiling, 1)
    report["pages"] = [asdict(r) for r in results]
    outcome = checks(results, report["peak_rss_mb"])
    report["targets"] = [{"check": c, "met": ok, "value": v} for c, ok, v in outcome]
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")

    print()
    header = ("page", "scale", "cache", "req/s", "p50", "p99", "non2xx", "SQL", "ceil.")
    print("{:<34} {:<6} {:<5} {:>8} {:>8} {:>8} {:>6} {:>4} {:>6}".format(*header))
    for r in results:
        mode = "page" if r.cached else "empty" if r.caches_empty else "frag."
        print(
            f"{r.name:<34} {r.scale:<6} {mode:<5} {r.rps:>8.1f} "
            f"{r.p50_ms:>6.1f}ms {r.p99_ms:>6.1f}ms "
            f"{r.non_2xx:>6} {r.queries:>4} {r.fraction_of_ceiling:>6.1%}"
        )
    samples = ", ".join(f"{c:.0f}" for c in report["ceiling_samples"])
    print(
        f"ceiling {ceiling:.0f} req/s (highest of {samples}) "
        f"· peak RSS per worker {report['peak_rss_mb']:.0f} MB"
    )
    missed = [(c, v) for c, ok, v in outcome if not ok]
    print(f"targets: {len(outcome) - len(missed)} met, {len(missed)} missed")
    for check, value in missed:
        print(f"  MISSED {check} ({value})")
    print(f"results: {path.relative_to(ROOT)}")
    return 1 if missed else 0


WRK = "wrk"

if __name__ == "__main__":
    if sys.argv[1:2] == ["--recompute"]:
        # The ratios and targets of an earlier run again, from its measurements.
        results_file = Path(sys.argv[2]).resolve()
        sys.exit(conclude(json.loads(results_file.read_text(encoding="utf-8")), results_file))
    sys.exit(main())
