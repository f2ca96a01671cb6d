"""A stand-in for an Elasticsearch 8 cluster, for the contract tests: a real HTTP server on
127.0.0.1 that the real elasticsearch client talks to, answering each route with a response
recorded in the shape the Elasticsearch 8 reference documents (tests/search/
elasticsearch_responses/), and keeping every request it received. Our code runs unchanged:
only the cluster is replaced, as no Elasticsearch can run on these machines; the live suite
(test_elasticsearch_live.py) runs the same paths against a real one."""

import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

RESPONSES = Path(__file__).parent / "elasticsearch_responses"


def recorded(name: str, **replacements) -> dict:
    """A recorded response, with `{{name}}` placeholders replaced."""
    text = (RESPONSES / f"{name}.json").read_text()
    for key, value in replacements.items():
        text = text.replace("{{" + key + "}}", value)
    return json.loads(text)


@dataclass
class Received:
    method: str
    path: str
    query: dict
    headers: dict  # names in lower case
    body: object  # parsed JSON, a list of NDJSON lines, or None

    @property
    def lines(self) -> list:
        return self.body if isinstance(self.body, list) else []


@dataclass
class Route:
    method: str
    pattern: re.Pattern
    status: int
    body: object
    delay: float = 0.0


@dataclass
class ClusterDouble:
    routes: list[Route] = field(default_factory=list)
    received: list[Received] = field(default_factory=list)

    def answer(self, method: str, path: str, body=None, *, status: int = 200, delay: float = 0):
        """`method` and `path` are regular expressions (the client sends a bulk as PUT, a search
        as POST); the latest matching route wins. `body` may be a callable given the request."""
        self.routes.append(Route(method, re.compile(f"^{path}$"), status, body, delay))

    def requests_to(self, method: str, path: str) -> list[Received]:
        pattern = re.compile(f"^{path}$")
        return [r for r in self.received
                if re.fullmatch(method, r.method) and pattern.match(r.path)]  # fmt: skip

    # The server --------------------------------------------------------------------------------

    def start(self) -> str:
        double = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def _handle(self):
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode() if length else ""
                if raw and "x-ndjson" in (self.headers.get("Content-Type") or ""):
                    body = [json.loads(line) for line in raw.splitlines() if line.strip()]
                else:
                    body = json.loads(raw) if raw else None
                headers = {name.lower(): value for name, value in self.headers.items()}
                request = Received(self.command, parts.path, parse_qs(parts.query), headers, body)
                double.received.append(request)
                for route in reversed(double.routes):
                    if re.fullmatch(route.method, self.command) and route.pattern.match(parts.path):
                        break
                else:
                    route = Route(
                        self.command,
                        re.compile(""),
                        404,
                        recorded(
                            "error_index_not_found", index=parts.path.strip("/").split("/")[0]
                        ),
                    )
                if route.delay:
                    time.sleep(route.delay)
                payload = route.body(request) if callable(route.body) else route.body
                data = b"" if payload is None else json.dumps(payload).encode()
                self.send_response(route.status)
                self.send_header("X-Elastic-Product", "Elasticsearch")
                self.send_header(
                    "Content-Type", "application/vnd.elasticsearch+json;compatible-with=8"
                )
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _handle

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
