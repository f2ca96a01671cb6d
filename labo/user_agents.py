"""Telling people from robots, for the counters people read (downloads, thread views)."""

# Obvious robots (crawlers, link checkers, previews) are not counted.
BOT_MARKERS = (
    "bot",
    "crawler",
    "spider",
    "slurp",
    "curl",
    "wget",
    "python-requests",
    "httpclient",
    "preview",
    "monitor",
    "headless",
)


def is_bot(user_agent: str) -> bool:
    agent = (user_agent or "").lower()
    return not agent or any(marker in agent for marker in BOT_MARKERS)
