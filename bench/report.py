"""Print a results file of `make bench` as the Markdown table of docs/performance.md:
`python bench/report.py bench/results/<date>.json`."""

import json
import sys
from pathlib import Path


def main(path: str) -> None:
    report = json.loads(Path(path).read_text(encoding="utf-8"))
    targets = report.get("targets", [])
    met = sum(1 for target in targets if target["met"])
    print(
        f"Ceiling **{report['ceiling_rps']:,.0f} req/s**, peak RSS per worker "
        f"**{report['peak_rss_mb']:.0f} MB**, wrk {report['connections']} connections × "
        f"{report['duration']}; targets met: **{met} of {len(targets)}**.\n"
    )
    print("| page | data | caches | req/s | p50 ms | p99 ms | non-2xx | SQL | of ceiling |")
    print("|---|---|---|---:|---:|---:|---:|---:|---:|")
    for page in report["pages"]:
        who = " (connecté·e)" if page["logged_in"] else ""
        if page["cached"]:
            caches = "page cache"
        elif page.get("caches_empty"):
            caches = "all empty"
        else:
            caches = "fragments"
        print(
            f"| {page['name']}{who} | {page['scale']} | {caches} "
            f"| {page['rps']:,.1f} | {page['p50_ms']:.0f} | {page['p99_ms']:.0f} "
            f"| {page['non_2xx']} | {page['queries']} | {page['fraction_of_ceiling']:.1%} |"
        )


if __name__ == "__main__":
    main(sys.argv[1])
