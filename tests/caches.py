"""Every cache alias a DummyCache, as `make bench` measures the core (BENCH_CACHES=empty): for
tests that prove what a page costs, or shows, with nothing kept."""

DUMMY = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
NO_CACHES = dict.fromkeys(("default", "renditions", "versioned", "pages", "counters"), DUMMY)
