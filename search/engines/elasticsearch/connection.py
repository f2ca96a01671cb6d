"""One client per process for the cluster named by the settings, and a circuit breaker in
front of it.

A page asks Elasticsearch with a short timeout (ELASTICSEARCH_TIMEOUT). When the cluster does
not answer — refused, timed out, or a 5xx — the breaker opens: for ELASTICSEARCH_RETRY_AFTER
seconds this process answers « search unavailable » at once instead of holding a worker for a
timeout on every search and every suggestion; the first request after that tries again. The
breaker is per process on purpose: a worker learns of an outage by its own first timeout,
which bounds the cost at one timeout per interval per worker without a shared store."""

import threading
import time
from dataclasses import dataclass

from django.conf import settings
from elastic_transport import ConnectionError as TransportConnectionError
from elastic_transport import TransportError
from elasticsearch import ApiError, Elasticsearch

from search.engines.base import SearchUnavailable


@dataclass(frozen=True)
class ClusterSettings:
    url: str
    api_key: str = ""
    ca_certs: str = ""
    fingerprint: str = ""
    timeout: float = 3.0

    @classmethod
    def from_settings(cls) -> "ClusterSettings":
        return cls(
            url=settings.ELASTICSEARCH_URL,
            api_key=settings.ELASTICSEARCH_API_KEY,
            ca_certs=settings.ELASTICSEARCH_CA_CERTS,
            fingerprint=settings.ELASTICSEARCH_FINGERPRINT,
            timeout=settings.ELASTICSEARCH_TIMEOUT,
        )

    def client_options(self) -> dict:
        options = {
            "hosts": [self.url],
            "request_timeout": self.timeout,
            # One attempt: a page would rather say « unavailable » than wait twice.
            "max_retries": 0,
            "retry_on_timeout": False,
        }
        if self.api_key:
            options["api_key"] = self.api_key
        if self.ca_certs:
            options["ca_certs"] = self.ca_certs
        if self.fingerprint:
            options["ssl_assert_fingerprint"] = self.fingerprint
        return options


_clients: dict[ClusterSettings, Elasticsearch] = {}
_clients_lock = threading.Lock()


def client() -> Elasticsearch:
    """The process's client (thread-safe, with its own connection pool), made on first use."""
    cluster = ClusterSettings.from_settings()
    with _clients_lock:
        if cluster not in _clients:
            _clients[cluster] = Elasticsearch(**cluster.client_options())
        return _clients[cluster]


def is_outage(error: Exception) -> bool:
    """The cluster is away or overloaded (not our request's fault)."""
    if isinstance(error, ApiError):
        return error.meta.status >= 500
    return isinstance(error, (TransportConnectionError, TransportError))


class CircuitBreaker:
    def __init__(self):
        self._open_until = 0.0
        self._lock = threading.Lock()

    @property
    def is_open(self) -> bool:
        return time.monotonic() < self._open_until

    def call(self, action):
        """`action()`, unless the cluster failed less than ELASTICSEARCH_RETRY_AFTER seconds
        ago; an outage opens the breaker, any failure is SearchUnavailable for the page."""
        if self.is_open:
            raise SearchUnavailable("Elasticsearch did not answer a moment ago")
        try:
            result = action()
        except (ApiError, TransportError) as error:
            if is_outage(error):
                with self._lock:
                    self._open_until = time.monotonic() + settings.ELASTICSEARCH_RETRY_AFTER
            raise SearchUnavailable(str(error)) from error
        return result

    def reset(self) -> None:
        with self._lock:
            self._open_until = 0.0


breaker = CircuitBreaker()
