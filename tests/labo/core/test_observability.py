"""What an operator collects from the platform besides /sante/: JSON log lines
(LOG_FORMAT=json) and error reports sent to Sentry when SENTRY_DSN is set."""

import gzip
import json
import logging
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.test import RequestFactory

from labo.core.log_format import JsonFormatter

ROOT = Path(__file__).resolve().parents[3]


def _record(name: str, message: str, args=None, **extra) -> logging.LogRecord:
    record = logging.LogRecord(name, logging.WARNING, __file__, 1, message, args, None)
    for key, value in extra.items():
        setattr(record, key, value)
    return record


def test_a_request_warning_is_one_json_object_with_the_path_and_status():
    request = RequestFactory().get("/projets/inconnu/")
    line = JsonFormatter().format(
        _record("django.request", "Not Found: %s", ("/projets/inconnu/",), request=request,
                status_code=404)
    )  # fmt: skip
    entry = json.loads(line)
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "django.request"
    assert entry["message"] == "Not Found: /projets/inconnu/"
    assert entry["method"] == "GET" and entry["path"] == "/projets/inconnu/"
    assert entry["status_code"] == 404
    assert entry["time"].endswith("+00:00")


def test_a_traceback_stays_inside_its_line():
    try:
        raise ValueError('« accentué » et "guillemets"')
    except ValueError:
        record = _record("labo", "échec")
        record.exc_info = sys.exc_info()
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert "ValueError: « accentué »" in entry["exception"]


def test_gunicorns_access_line_gives_its_fields():
    atoms = {"m": "GET", "U": "/agenda/", "s": "200", "M": 12, "B": 5120, "h": "10.0.0.1",
             "a": 'Mozilla "quoted"'}  # fmt: skip
    entry = json.loads(JsonFormatter().format(_record("gunicorn.access", "%(U)s %(a)s", atoms)))
    assert entry["method"] == "GET" and entry["path"] == "/agenda/"
    assert entry["status"] == "200" and entry["duration_ms"] == 12 and entry["bytes"] == 5120
    assert entry["message"] == '/agenda/ Mozilla "quoted"'


def _settings_process(script: str, **environment) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "labo.settings.production",
        "SECRET_KEY": "k" * 64,
        "ALLOWED_HOSTS": "labo.example.org",
        **environment,
    }
    return subprocess.run(
        [sys.executable, "-c", script],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def test_an_unknown_log_format_is_refused_at_start_up_with_a_clear_message():
    result = _settings_process("import django; django.setup()", LOG_FORMAT="xml")
    assert result.returncode != 0
    assert "LOG_FORMAT vaut « plain » ou « json »" in result.stderr


class _Collector(BaseHTTPRequestHandler):
    received: list[bytes] = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        _Collector.received.append(body)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def sentry_server():
    _Collector.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Collector)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()


def test_an_error_reaches_sentry_with_the_version_and_no_personal_data(sentry_server):
    """A real Sentry client, started by the production settings, sends to a server of ours."""
    port = sentry_server.server_address[1]
    script = (
        "import django; django.setup()\n"
        "import sentry_sdk\n"
        "try:\n"
        "    raise RuntimeError('la file des tâches est bloquée')\n"
        "except RuntimeError as error:\n"
        "    sentry_sdk.capture_exception(error)\n"
        "sentry_sdk.flush(5)\n"
    )
    result = _settings_process(
        script,
        SENTRY_DSN=f"http://cle-publique@127.0.0.1:{port}/7",
        SENTRY_ENVIRONMENT="recette",
        APP_VERSION="a1b2c3d4e5f6",
    )
    assert result.returncode == 0, result.stderr
    assert sentry_server and _Collector.received, "nothing reached the Sentry server"
    items = [json.loads(line) for line in _Collector.received[0].splitlines() if line.strip()]
    (event,) = [item for item in items if "exception" in item]
    assert event["release"] == "a1b2c3d4e5f6"
    assert event["environment"] == "recette"
    assert event["exception"]["values"][0]["value"] == "la file des tâches est bloquée"
    assert "user" not in event or not event["user"].get("ip_address")


def test_without_a_dsn_nothing_is_started():
    result = _settings_process(
        "import django; django.setup()\n"
        "import sentry_sdk\n"
        "print(sentry_sdk.get_client().is_active())\n",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
