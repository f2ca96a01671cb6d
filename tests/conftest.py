import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command

DEMO_PASSWORD = settings.DEMO_PASSWORD


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Build the demo site once per test session; each test runs in a transaction that is rolled
    back, so they all start from the same demo data."""
    with django_db_blocker.unblock():
        call_command("load_demo", "--skip-index", verbosity=0)


@pytest.fixture
def demo(db):
    """The demo data, rebuilt if a transactional test flushed it (load_demo is idempotent)."""
    call_command("load_demo", "--skip-index", verbosity=0)
    from labo.accounts.models import User

    return {user.email: user for user in User.objects.filter(email__endswith="@labo.test")}


@pytest.fixture(autouse=True)
def _clear_shared_cache():
    # The cache is a real Redis database of its own (see labo.settings.test): start clean.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def login(client):
    """Log a demo account in through the real login form."""

    def _login(email, password=DEMO_PASSWORD, **extra):
        response = client.post(
            "/compte/login/", {"login": email, "password": password}, **extra
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        return client

    return _login
