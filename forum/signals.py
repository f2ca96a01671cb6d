"""What the forum tells the rest of the platform, without knowing who listens (the search
indexes a thread with its replies: search.signals)."""

from django.dispatch import Signal

# A thread's searchable text changed (a new reply, an edit, a reply approved); sent with
# `thread_id`. Listeners act after commit.
thread_text_changed = Signal()
