"""Two web nodes of the production settings behind no proxy, sharing PostgreSQL, Redis and one
media folder, with a real `db_worker`: what a load balancer would send to either of them works
on both. Each node is gunicorn with two worker processes, as deploy/gunicorn.conf.py runs it."""

import json
import re
import secrets
import signal
import subprocess
import time
import uuid
from contextlib import contextmanager
from http.cookies import SimpleCookie

import psycopg
import pytest
import redis
import requests

from tests.production_site import (
    CARRIER_AND_APPLICATION,
    PYTHON,
    ROOT,
    free_port,
    manage,
    site_environment,
)

pytestmark = pytest.mark.nodes

REDIS_DATABASE = 15
PASSWORD = "Deux-noeuds-" + secrets.token_urlsafe(12)

PREPARE = (
    CARRIER_AND_APPLICATION
    + """
import json
from forum.models import PostStatus, Thread

member = User.objects.get(email="membre@labo.test")
thread = Thread.objects.filter(
    status=PostStatus.PUBLISHED, locked=False, category__members_only=False
).order_by("pk").first()
for user in (member, carrier):
    user.set_password("{password}")
    user.save()
print(json.dumps({"member": member.email, "thread": thread.get_absolute_url(),
                  "carrier": carrier.email, "application": application.pk}))
"""
)


class Visitor:
    """A browser's cookies, kept by hand: the production settings mark them Secure, which
    `requests` would not send back over the plain HTTP these nodes speak."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def _keep(self, response) -> None:
        for header in response.raw.headers.getlist("Set-Cookie"):
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value

    def request(self, method: str, url: str, **options):
        headers = options.pop("headers", {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        response = requests.request(
            method, url, headers=headers, allow_redirects=False, timeout=20, **options
        )
        self._keep(response)
        return response

    def get(self, url: str, **options):
        return self.request("GET", url, **options)

    def form_post(self, page_url: str, action_url: str, data: dict, **options):
        """Fetch the form's page (its CSRF cookie and token), then send the form."""
        page = self.get(page_url)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        return self.request("POST", action_url, data={"csrfmiddlewaretoken": token, **data},
                            **options)  # fmt: skip

    def login(self, node: str, email: str, password: str):
        return self.form_post(f"{node}/compte/login/", f"{node}/compte/login/",
                              {"login": email, "password": password})  # fmt: skip


@contextmanager
def _processes(commands: list[tuple[list[str], dict]], logs):
    started = []
    try:
        for command, environment in commands:
            log = logs / f"{len(started)}.log"
            started.append((subprocess.Popen(  # noqa: S603
                command, cwd=ROOT, env=environment, stdout=log.open("w"),
                stderr=subprocess.STDOUT, start_new_session=True,
            ), log))  # fmt: skip
        yield started
    finally:
        for process, _log in started:
            process.send_signal(signal.SIGTERM)
        for process, _log in started:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def _wait_healthy(node: str, processes) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{node}/sante/", timeout=10).status_code == 200:
                return
        except requests.RequestException:
            time.sleep(0.3)
    logs = "\n".join(log.read_text()[-2000:] for _process, log in processes)
    raise AssertionError(f"{node} never answered /sante/:\n{logs}")


@pytest.fixture(scope="module")
def nodes(committed_demo_site, tmp_path_factory):
    database, folder = committed_demo_site
    prepared = json.loads(
        manage(site_environment(database, folder), "shell", "-c",
               PREPARE.replace("{password}", PASSWORD)).strip().splitlines()[-1]
    )  # fmt: skip
    redis.Redis(db=REDIS_DATABASE).flushdb()
    ports = [free_port(), free_port()]
    production = site_environment(
        database,
        folder,
        DJANGO_SETTINGS_MODULE="labo.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SITE_URL=f"http://127.0.0.1:{ports[0]}",
        SECURE_SSL_REDIRECT="false",
        REDIS_URL=f"redis://127.0.0.1:6379/{REDIS_DATABASE}",
        STATIC_ROOT=str(tmp_path_factory.mktemp("static")),
        GUNICORN_WORKERS="2",
        LOG_FORMAT="json",
        # Each log line reaches the file at once, as in a container.
        PYTHONUNBUFFERED="1",
    )
    production.pop("DEBUG")
    manage(production, "collectstatic", "--noinput", "-v0")
    gunicorn = [str(ROOT / ".venv" / "bin" / "gunicorn"), "labo.wsgi", "--config",
                "deploy/gunicorn.conf.py"]  # fmt: skip
    commands = [([*gunicorn, "--bind", f"127.0.0.1:{port}"], production) for port in ports]
    commands.append(
        ([PYTHON, "manage.py", "db_worker", "--queue-name", "default", "--interval", "0.2",
          "--no-startup-delay"],
         production)
    )  # fmt: skip
    logs = tmp_path_factory.mktemp("node-logs")
    with _processes(commands, logs) as processes:
        urls = [f"http://127.0.0.1:{port}" for port in ports]
        for url in urls:
            _wait_healthy(url, processes)
        yield {"a": urls[0], "b": urls[1], "database": database, "logs": logs,
               "processes": processes, **prepared}  # fmt: skip


def test_a_session_made_on_one_node_works_on_the_other(nodes):
    member = Visitor()
    response = member.login(nodes["a"], nodes["member"], PASSWORD)
    assert response.status_code == 302, response.text[:500]
    assert "sessionid" in member.cookies
    space = member.get(f"{nodes['b']}/espace/")
    assert space.status_code == 200
    assert "Se déconnecter" in space.text
    # A visitor without the cookie is sent to the login page by the same node.
    assert Visitor().get(f"{nodes['b']}/espace/").status_code == 302


def test_a_reply_posted_on_one_node_shows_to_visitors_of_the_other_within_a_second(nodes):
    visitor = Visitor()
    thread_on_b = f"{nodes['b']}{nodes['thread']}"
    # The visitor's page is in node B's page cache (and in the memory of the process that
    # served it) before the reply is written.
    for _ in range(4):
        assert visitor.get(thread_on_b).status_code == 200
    marker = f"Réponse écrite sur le nœud A {uuid.uuid4().hex[:8]}"
    member = Visitor()
    member.login(nodes["a"], nodes["member"], PASSWORD)
    thread_on_a = f"{nodes['a']}{nodes['thread']}"
    page = member.get(thread_on_a).text
    reply_url = re.search(r'action="(/forum/sujet/\d+/repondre/)"', page)
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    posted = member.form_post(thread_on_a, f"{nodes['a']}{reply_url.group(1)}",
                              {"text": marker, "token": token, "website": ""})  # fmt: skip
    assert posted.status_code == 302, posted.text[:500]
    written = time.monotonic()
    seen_after = None
    while time.monotonic() - written < 1.0:
        # Both of B's processes, whichever the connection lands on.
        if marker in visitor.get(thread_on_b).text:
            seen_after = time.monotonic() - written
            break
        time.sleep(0.05)
    assert seen_after is not None, "the reply did not show on node B within a second"


def test_a_failed_login_count_made_on_one_node_applies_on_the_other(nodes):
    for _ in range(5):
        refused = Visitor().login(nodes["a"], nodes["member"], "pas-le-bon-mot-de-passe")
        assert refused.status_code == 200
    # Now even the right password is refused, on node B, for this account from this address.
    blocked = Visitor().login(nodes["b"], nodes["member"], PASSWORD)
    assert blocked.status_code == 200
    assert "Trop de tentatives de connexion ont échoué" in blocked.text
    redis.Redis(db=REDIS_DATABASE).flushdb()


def test_a_document_uploaded_on_one_node_downloads_on_the_other(nodes):
    carrier = Visitor()
    assert carrier.login(nodes["a"], nodes["carrier"], PASSWORD).status_code == 302
    application = f"/candidatures/{nodes['application']}/"
    content = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    page = carrier.get(f"{nodes['a']}{application}")
    assert page.status_code == 200, (page.status_code, page.headers.get("Location"))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    uploaded = carrier.request(
        "POST", f"{nodes['a']}{application}documents/",
        data={"csrfmiddlewaretoken": token, "title": "Plan de financement"},
        files={"file": ("plan-financement.pdf", content, "application/pdf")},
    )  # fmt: skip
    assert uploaded.status_code == 302
    with psycopg.connect(nodes["database"]) as database:
        (document_id,) = database.execute(
            "SELECT max(id) FROM projects_applicationdocument WHERE title = %s",
            ["Plan de financement"],
        ).fetchone()
    download = carrier.get(f"{nodes['b']}{application}documents/{document_id}/")
    assert download.status_code == 200
    assert download.content == content
    # Someone else, on either node, does not get it.
    stranger = Visitor()
    stranger.login(nodes["a"], nodes["member"], PASSWORD)
    assert stranger.get(f"{nodes['b']}{application}documents/{document_id}/").status_code in (
        403, 404,
    )  # fmt: skip


def test_a_task_queued_on_one_node_is_done_by_the_worker(nodes):
    """A password reset asked on node A: its e-mail waits in the outbox, the task queued for
    it is run by the worker process, which sends it."""
    address = nodes["member"]
    with psycopg.connect(nodes["database"], autocommit=True) as database:
        database.execute('DELETE FROM notifications_queuedemail WHERE "to" = %s', [address])
    reset = f"{nodes['a']}/compte/password/reset/"
    asked = Visitor().form_post(reset, reset, {"email": address})
    assert asked.status_code == 302
    deadline = time.monotonic() + 20
    status = None
    while time.monotonic() < deadline:
        with psycopg.connect(nodes["database"]) as database:
            row = database.execute(
                'SELECT email_status FROM notifications_queuedemail WHERE "to" = %s',
                [address],
            ).fetchone()
        status = row and row[0]
        if status == "sent":
            break
        time.sleep(0.2)
    assert status == "sent"
    worker_log = nodes["processes"][-1][1].read_text()
    assert "Réinitialisation" in worker_log or "password/reset/key" in worker_log


def test_each_node_writes_its_access_log_as_json(nodes):
    requests.get(f"{nodes['a']}/sante/?journal=json", timeout=5)
    deadline = time.monotonic() + 5
    entries = []
    while time.monotonic() < deadline and not entries:
        lines = nodes["processes"][0][1].read_text().splitlines()
        access = [json.loads(line) for line in lines if '"logger": "gunicorn.access"' in line]
        entries = [entry for entry in access if "journal=json" in entry["message"]]
        time.sleep(0.1)
    (entry,) = entries
    assert entry["path"] == "/sante/" and entry["status"] == "200"
    assert entry["method"] == "GET" and isinstance(entry["duration_ms"], int)
