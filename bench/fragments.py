"""What each kept fragment buys on its pages: `python bench/fragments.py [--db labo_bench]
[-n 100] [--json FILE]`.

In-process (the real WSGI application, production settings, the bench database, the anonymous
page cache off), for every page of `bench/pages.py`: the mean time per request with every
fragment warm, then again with one fragment rendered afresh each time (as if it were not
kept), for each fragment the page uses. A fragment's gain on a page is the second time divided
by the first; shared/DESIGN.md's rule (issue 22) keeps a fragment only where it buys 1.5× on
its page. Pages are measured one after the other with the same warm-up, so that the machine's
drift (see bench/README.md) shows as noise in both numbers, not as a trend in one.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

THRESHOLD = 1.5


def plan(db: str) -> dict:
    """URLs and session cookies, from bench/pages.py (which also counts queries)."""
    environment = {**os.environ, "BENCH_DATABASE": db, "PAGE_CACHE_SECONDS": "0"}
    output = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "pages.py")],
        env=environment, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="labo_bench")
    parser.add_argument("-n", type=int, default=100)
    parser.add_argument("--json", help="write the figures to this file")
    args = parser.parse_args()
    pages = plan(args.db)
    os.environ["BENCH_DATABASE"] = args.db
    os.environ["PAGE_CACHE_SECONDS"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

    from django.core.wsgi import get_wsgi_application

    from bench.profile_page import environ
    from labo.caching import fragments
    from labo.core.templatetags import labo_tags

    application = get_wsgi_application()
    kept = fragments.cached_fragment
    used: set[str] = set()
    afresh: set[str] = set()

    def cached_fragment(request, name, values, render):
        used.add(name)
        if name in afresh:
            return render()
        return kept(request, name, values, render)

    # The template tag and the form tag call these by name: one switch for both.
    labo_tags.cached_fragment = cached_fragment
    fragments.cached_fragment = cached_fragment

    def mean_ms(url: str, cookie: str) -> float:
        def request():
            body = application(environ(url, cookie), lambda status, headers: None)
            b"".join(body)
            getattr(body, "close", lambda: None)()

        for _warm in range(5):
            request()
        started = time.perf_counter()
        for _run in range(args.n):
            request()
        return (time.perf_counter() - started) / args.n * 1000

    results = []
    gains = defaultdict(list)
    for page in pages["pages"]:
        cookie = pages["cookies"].get(page["who"]) or ""
        used.clear()
        afresh.clear()
        warm = mean_ms(page["url"], cookie)
        names = sorted(used)
        row = {"page": page["name"], "url": page["url"], "warm_ms": round(warm, 2), "gains": {}}
        for name in names:
            afresh.clear()
            afresh.add(name)
            without = mean_ms(page["url"], cookie)
            row["gains"][name] = round(without / warm, 2)
            gains[name].append((page["name"], without / warm))
        afresh.clear()
        afresh.update(names)
        row["none_kept_ms"] = round(mean_ms(page["url"], cookie), 2) if names else row["warm_ms"]
        results.append(row)
        shown = ", ".join(f"{name} ×{gain:.2f}" for name, gain in row["gains"].items()) or "—"
        print(
            f"{page['name']:32} {warm:7.2f} ms warm, {row['none_kept_ms']:7.2f} ms with none "
            f"kept; {shown}",
            flush=True,
        )
    print()
    print(f"Best gain of each fragment on its pages (kept only from ×{THRESHOLD}):")
    for name in sorted(fragments.FRAGMENTS):
        measured = gains.get(name)
        if not measured:
            print(f"  {name:22} not used by the bench's pages")
            continue
        page, best = max(measured, key=lambda item: item[1])
        verdict = "pays" if best >= THRESHOLD else "does not pay"
        print(f"  {name:22} ×{best:.2f} ({page}): {verdict}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
