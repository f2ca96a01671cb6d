import pytest
from django.conf import settings
from django.core.cache import caches

from tests import databases, demo_snapshot
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
def django_db_setup(request, django_db_blocker, django_db_modify_db_settings):
    """This worker's database: a copy of the run's demo template, the demo site loaded and
    indexed (tests/databases.py), and its files a copy of the demo's. Each test runs in a
    transaction rolled back at its end, so it starts from the demo in milliseconds.

    Transactional tests (the browser journeys, the concurrency tests) commit for real, and
    Django empties the database after each: the `demo` fixture copies the demo back before
    each of them (tests/demo_snapshot.py). `make test` runs the two kinds in separate
    sessions, so that both stay fast.
    """
    with django_db_blocker.unblock():
        name = databases.worker_database(request.config)
    yield
    with django_db_blocker.unblock():
        databases.drop(name)


def _demo_in_place() -> bool:
    """False after a transactional test of the same session emptied the database (a run of
    one file that holds both kinds): Django's flush empties every table, the demo's home page
    (depth 2) with them."""
    from wagtail.models import Page

    return Page.objects.filter(depth=2).exists()


@pytest.fixture
def demo(request, db):
    """The demo data. In a test rolled back at its end, already there: the worker's database
    is a copy of the demo template. A transactional test starts from a flushed database, and
    leaves one behind: the demo is copied back (`demo_snapshot`), which takes a second where
    loading it takes a minute. (Running load_demo again, idempotent, cost 0.6 s a test.)"""
    if _needs_real_transactions(request.node) or not _demo_in_place():
        demo_snapshot.restore()
    from labo.accounts.models import User

    return {user.email: user for user in User.objects.filter(email__endswith="@labo.test")}


@pytest.fixture
def indexed(demo):
    """The demo and its search index, built once per run with the demo template."""
    from search.models import SearchDocument

    assert SearchDocument.objects.exists(), "the demo template has no search index"
    return demo


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
