"""The deployment files say what the code does: every command docker-compose.yml and the
Dockerfile run exists, every variable they and .env.example pass is read by the code, and every
variable the code reads is in .env.example and docs/operations.md."""

import ast
import re
from pathlib import Path

import pytest
import yaml
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
APP_SERVICES = ("web", "worker", "scheduler")

# Variables read by something other than the platform's Python code.
READ_ELSEWHERE = {
    "COMPOSE_PROJECT_NAME": "Compose (the volumes' prefix)",
    "POSTGRES_PASSWORD": "the db service's image, and interpolated into DATABASE_URL",
    "TZ": "the C library and `date` in the scheduler's loop",
    "DJANGO_SETTINGS_MODULE": "Django itself",
}
# Read by the base settings for development only: production sets the value itself.
DEVELOPMENT_ONLY = {"ACCOUNT_DEFAULT_HTTP_PROTOCOL", "DEBUG"}

_SOURCES = [
    ROOT / "labo" / "settings" / "base.py",
    ROOT / "labo" / "settings" / "production.py",
    ROOT / "deploy" / "gunicorn.conf.py",
    ROOT / "labo" / "core" / "health.py",
    ROOT / "labo" / "core" / "error_reporting.py",
]


def _is_environment_read(call: ast.Call) -> bool:
    function = call.func
    # env("X"), env.int("X"), env.list("X")…
    if isinstance(function, ast.Name) and function.id == "env":
        return True
    if isinstance(function, ast.Attribute):
        owner = function.value
        if isinstance(owner, ast.Name) and owner.id == "env":
            return True
        # os.environ.get("X")
        if function.attr == "get" and isinstance(owner, ast.Attribute) and owner.attr == "environ":
            return True
    return False


def _variables_read() -> set[str]:
    names = set()
    for source in _SOURCES:
        for node in ast.walk(ast.parse(source.read_text())):
            if (
                isinstance(node, ast.Call)
                and _is_environment_read(node)
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                names.add(node.args[0].value)
    return names


def _env_example_variables() -> set[str]:
    """Set or shown commented with its default."""
    text = (ROOT / ".env.example").read_text()
    return set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", text, re.MULTILINE))


def _compose_environment() -> set[str]:
    names = set()
    for service in (COMPOSE["services"][name] for name in APP_SERVICES):
        environment = service.get("environment") or {}
        names |= set(environment if isinstance(environment, dict) else
                     (item.split("=", 1)[0] for item in environment))  # fmt: skip
        build = service.get("build")
        if isinstance(build, dict):
            names |= set(build.get("args") or {})
    return names


def _manage_commands(text: str) -> set[str]:
    return set(re.findall(r"manage\.py[\"',\s]+([a-z_]+)", text))


def test_the_variables_read_are_found_by_this_test():
    read = _variables_read()
    # A few of each source, so that a change of how settings read the environment is noticed.
    assert {"SECRET_KEY", "DATABASE_URL", "SENTRY_DSN", "LOG_FORMAT"} <= read
    assert {"GUNICORN_WORKERS", "FORWARDED_ALLOW_IPS", "APP_VERSION"} <= read
    assert len(read) > 60


def test_every_variable_passed_to_the_containers_is_read():
    passed = _env_example_variables() | _compose_environment()
    unread = passed - _variables_read() - set(READ_ELSEWHERE)
    assert not unread, f"passed but read by nothing: {sorted(unread)}"


def test_every_variable_the_code_reads_is_in_env_example_and_documented():
    documented = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", (ROOT / "docs/operations.md").read_text()))
    read = _variables_read() - DEVELOPMENT_ONLY - {"APP_VERSION"}
    assert not read - _env_example_variables(), sorted(read - _env_example_variables())
    assert not read - documented, sorted(read - documented)
    assert "APP_VERSION" in documented


@pytest.mark.parametrize("path", ["docker-compose.yml", "Dockerfile", "Makefile"])
def test_every_command_the_deployment_runs_exists(path):
    commands = _manage_commands((ROOT / path).read_text())
    known = set(get_commands())
    assert commands, f"no manage.py command found in {path}: the pattern needs updating"
    assert not commands - known, sorted(commands - known)


def test_the_scheduler_runs_every_periodic_command_at_paris_time():
    scheduler = COMPOSE["services"]["scheduler"]
    loop = " ".join(scheduler["command"])
    # A `$` the shell must see is written `$$` (docker-compose 1.x refuses a bare `$(`).
    assert "$(" not in loop.replace("$$(", "")
    assert "$$(date +%H)" in loop
    for service in APP_SERVICES:
        assert COMPOSE["services"][service]["environment"]["TZ"] == "Europe/Paris"
    for command in ("send_notifications", "send_application_reminders", "apply_retention",
                    "end_sanctions", "send_announcements", "index_writes_send"):  # fmt: skip
        assert f"manage.py {command}" in loop, command


def test_the_healthchecks_call_the_health_endpoint():
    web = COMPOSE["services"]["web"]
    assert "http://127.0.0.1:8000/sante/" in web["healthcheck"]["test"]
    assert "http://127.0.0.1:8000/sante/" in (ROOT / "Dockerfile").read_text()
