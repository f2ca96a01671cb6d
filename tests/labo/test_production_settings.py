"""Production settings refuse to start unsafely, and pass Django's deployment checks."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _example_environment() -> dict[str, str]:
    values = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            values[key] = value
    return values


def _run_manage(env_overrides: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {"SECRET_KEY", "DEBUG", "DATABASE_URL", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(env_overrides)
    env["DJANGO_SETTINGS_MODULE"] = "labo.settings.production"
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _production_env(**overrides) -> dict[str, str]:
    env = _example_environment()
    env["SECRET_KEY"] = secrets.token_urlsafe(64)
    env.update(overrides)
    return env


def test_production_refuses_to_start_without_secret_key():
    env = _production_env()
    del env["SECRET_KEY"]
    result = _run_manage(env, "check")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_the_example_secret_key():
    result = _run_manage(_example_environment(), "check")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_with_debug_on():
    result = _run_manage(_production_env(DEBUG="1"), "check")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DEBUG" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    env = _production_env()
    del env["ALLOWED_HOSTS"]
    result = _run_manage(env, "check")
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


@pytest.mark.smoke
def test_deploy_check_with_example_environment_reports_nothing():
    result = _run_manage(_production_env(), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_never_accepts_the_demo_password():
    result = _run_manage(
        _production_env(),
        "shell",
        "-c",
        "from django.conf import settings; print('demo', settings.DEMO_LOGIN_ENABLED)",
    )
    assert result.returncode == 0, result.stderr
    assert "demo False" in result.stdout


def test_the_image_build_collects_the_static_files(tmp_path):
    # As the Dockerfile does: the manifest storage refuses any file that references a missing
    # one (a vendored script's source map, say), which would break the production build.
    result = _run_manage(
        {
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "build.invalid",
            "STATIC_ROOT": str(tmp_path),
        },
        "collectstatic",
        "--noinput",
        "-v",
        "0",
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "staticfiles.json").exists()
