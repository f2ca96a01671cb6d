"""What the library tells the rest of the platform, without knowing who listens (the search
indexes a resource with its files' text: search.signals)."""

from django.dispatch import Signal

# The text extracted from a file changed; sent with `page`, a resource that attaches it.
resource_text_changed = Signal()
