"""The ceiling: the smallest Django project, served by the same gunicorn settings as the
platform. Every page of the platform is measured as a fraction of what this one does."""

SECRET_KEY = "bench-hello-" + "h" * 50  # noqa: S105 (a local benchmark, never deployed)
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.hello.urls"
INSTALLED_APPS: list[str] = []
MIDDLEWARE: list[str] = []
DATABASES: dict = {}
USE_TZ = True
