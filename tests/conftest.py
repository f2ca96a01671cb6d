import shutil

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command

from tests.production_site import (
    committed_demo_site,  # noqa: F401 (a fixture)
    drop_committed_demo_template,
)

DEMO_PASSWORD = settings.DEMO_PASSWORD


def _needs_real_transactions(item) -> bool:
    marker = item.get_closest_marker("django_db")
    return (
        "live_server" in item.fixturenames
        or "transactional_db" in item.fixturenames
        or bool(marker and marker.kwargs.get("transaction"))
    )


@pytest.fixture(scope="session")
def django_db_setup(request, django_db_setup, django_db_blocker):
    """Build the demo site once per test session, so that each test (run in a transaction that
    is rolled back) starts from it in milliseconds.

    Transactional tests (the browser journeys, the concurrency tests) commit for real and
    Django empties the database after each: a session that contains them commits nothing
    here, and the `demo` fixture restores a copy of the demo before each of them instead
    (tests/demo_snapshot.py). `make test` runs the two kinds in separate sessions, so both
    stay fast.
    """
    # This worker's files start empty too: the demo's files then get the names their rows
    # say, and a test that redraws one (deleting, then saving it) writes the same name again,
    # so that the rolled-back rows still find their files.
    for folder in (settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT):
        shutil.rmtree(folder, ignore_errors=True)
    if any(_needs_real_transactions(item) for item in request.session.items):
        return
    with django_db_blocker.unblock():
        call_command("load_demo", "--skip-index", verbosity=0)


@pytest.fixture
def demo(request, db):
    """The demo data. In a test rolled back at its end, already there (load_demo is idempotent
    and checks it in a moment). A transactional test (the browser journeys) starts from a
    flushed database: the demo is built once, copied aside, and copied back for each such test
    (`demo_snapshot`), which takes a second where building it took half a minute."""
    if _needs_real_transactions(request.node):
        from tests import demo_snapshot

        demo_snapshot.restore_or_build()
    else:
        call_command("load_demo", "--skip-index", verbosity=0)
    from labo.accounts.models import User

    return {user.email: user for user in User.objects.filter(email__endswith="@labo.test")}


@pytest.fixture(autouse=True)
def _clear_shared_cache():
    # The cache is a real Redis database of its own (see labo.settings.test): start clean,
    # with no copy of it left in this process (labo.caching.local, the anonymous page
    # cache's pages and content version).
    for alias in ("default", "versioned", "pages"):
        caches[alias].clear()
    yield
    for alias in ("default", "versioned", "pages"):
        caches[alias].clear()


@pytest.fixture
def login(client):
    """Log a demo account in through the real login form."""

    def _login(email, password=DEMO_PASSWORD, **extra):
        response = client.post("/compte/login/", {"login": email, "password": password}, **extra)
        assert response.status_code == 302, response.content.decode()[:2000]
        return client

    return _login


def pytest_sessionfinish(session):
    """The controller of an xdist run drops the template its workers copied their committed
    demo site from (tests/production_site.py); workers and plain runs have none."""
    is_controller = not hasattr(session.config, "workerinput")
    if is_controller and getattr(session.config.option, "numprocesses", None):
        # pytest's own factory: its base folder is the one the workers' folders sit in.
        drop_committed_demo_template(session.config._tmp_path_factory.getbasetemp())


def pytest_terminal_summary(terminalreporter):
    from tests.figures import FIGURES

    if FIGURES:
        terminalreporter.section("proof figures")
        for name, text in sorted(FIGURES.items()):
            terminalreporter.write_line(f"{name}: {text}")
