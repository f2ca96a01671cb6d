# Production image: gunicorn + whitenoise, static files collected at build, non-root user.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=labo.settings.production

RUN apt-get update \
    && apt-get install -y --no-install-recommends libjpeg62-turbo zlib1g curl tzdata \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 1000 labo
WORKDIR /app

COPY pyproject.toml constraints.txt README.md ./
COPY labo ./labo
COPY projects ./projects
COPY events ./events
COPY resources ./resources
COPY forum ./forum
COPY conversations ./conversations
COPY search ./search
COPY announcements ./announcements
RUN pip install -c constraints.txt ".[elasticsearch,s3,sentry]"

COPY --chown=labo:labo . .

# collectstatic needs settings that load: a throw-away key and host, used at build time only.
RUN SECRET_KEY=build-only-$(python -c "import secrets; print(secrets.token_urlsafe(64))") \
    ALLOWED_HOSTS=build.invalid STATIC_ROOT=/app/staticfiles \
    python manage.py collectstatic --noinput \
    && mkdir -p /app/var/media /app/var/private && chown -R labo:labo /app/var /app/staticfiles

# What /sante/ and the error reports give as the running version (docker-compose.yml passes
# it: `APP_VERSION=$(git rev-parse --short=12 HEAD) docker compose build`).
ARG APP_VERSION=""
ENV APP_VERSION=${APP_VERSION} TZ=Europe/Paris

USER labo
ENV STATIC_ROOT=/app/staticfiles MEDIA_ROOT=/app/var/media PRIVATE_MEDIA_ROOT=/app/var/private
EXPOSE 8000
# /sante/ answers whatever ALLOWED_HOSTS lists (labo.core.middleware.HealthCheckMiddleware).
HEALTHCHECK --interval=30s --timeout=5s --retries=3 CMD curl -fsS http://127.0.0.1:8000/sante/ || exit 1
CMD ["gunicorn", "labo.wsgi", "--config", "deploy/gunicorn.conf.py"]
