"""What each kept fragment buys on its pages: `python bench/fragments.py [--db labo_bench]
[-n 100] [--json FILE]`.

In-process (the real WSGI application, production settings, the bench database, the anonymous
page cache off), for every page of `bench/pages.py`: the mean time per request with every
fragment warm, then again with one fragment rendered afresh each time (as if it were not
kept), for each fragment the page uses; and the page with none kept against the page with
that fragment alone kept (how a fragment nested in another one shows what it buys). A fragment
is kept only where it buys 1.5× on its page against its uncached path (issue 22): the first
measure, or the second for a nested fragment.
Pages are measured one after the other with the same warm-up, so that the machine's drift
(see bench/README.md) shows as noise in both numbers, not as a trend in one.
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
    parser.add_argument("--page", help="measure only the pages of bench/pages.py of this name")
    args = parser.parse_args()
    pages = plan(args.db)
    os.environ["BENCH_DATABASE"] = args.db
    os.environ["PAGE_CACHE_SECONDS"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()

    from bench.profile_page import environ
    from labo.caching import fragments
    from labo.core.templatetags import labo_tags

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
    alone = defaultdict(list)
    for page in pages["pages"]:
        if args.page and page["name"] != args.page:
            continue
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
        none_kept = mean_ms(page["url"], cookie) if names else warm
        row["none_kept_ms"] = round(none_kept, 2)
        # Fragments nested in another one are rendered only when it is not kept.
        nested = sorted(used - set(names))
        if nested:
            names = sorted(used)
            afresh.update(nested)
            none_kept = mean_ms(page["url"], cookie)
            row["none_kept_ms"] = round(none_kept, 2)
        # Alone: the page with only this fragment kept, against the page with none (a
        # fragment nested in another one shows what it buys only this way).
        row["alone"] = {}
        for name in names:
            afresh.clear()
            afresh.update(set(names) - {name})
            row["alone"][name] = round(none_kept / mean_ms(page["url"], cookie), 2)
            alone[name].append((page["name"], row["alone"][name]))
        afresh.clear()
        results.append(row)
        shown = ", ".join(
            f"{name} ×{row['gains'][name]:.2f} (alone ×{gain:.2f})"
            if name in row["gains"]
            else f"{name} nested (alone ×{gain:.2f})"
            for name, gain in row["alone"].items()
        )
        print(
            f"{page['name']:28} {warm:6.2f} ms warm, {none_kept:6.2f} ms with none kept; "
            f"{shown or '—'}",
            flush=True,
        )
    print()
    print(
        f"What each fragment buys on its best page (kept only from ×{THRESHOLD}): with all the "
        "others kept (the warm page against the same page with this part uncached), and alone "
        "(against the page with none kept; the measure of a fragment nested in another)"
    )
    for name in sorted(fragments.FRAGMENTS):
        if not alone.get(name):
            print(f"  {name:22} not used by the bench's pages")
            continue
        page, best = max(alone[name], key=lambda item: item[1])
        marginal = max((gain for _page, gain in gains.get(name, [])), default=None)
        decisive = marginal if marginal is not None else best
        verdict = "pays" if decisive >= THRESHOLD else "does not pay"
        others = f"×{marginal:.2f}" if marginal is not None else "nested"
        print(f"  {name:22} with the others kept {others}, alone ×{best:.2f} ({page}): {verdict}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
