"""Sentry's client, started by the production settings when SENTRY_DSN is set."""

import os


def error_reporting_start(dsn: str, *, environment: str, traces_sample_rate: float) -> None:
    # Imported here: sentry-sdk is an optional extra, installed only where it is used.
    import sentry_sdk  # noqa: PLC0415

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        # What /sante/ reports; the package's version when the image was built without it.
        release=os.environ.get("APP_VERSION") or None,
        traces_sample_rate=traces_sample_rate,
        # Members' names, addresses and sessions stay out of the reports: no user, no cookies,
        # no bodies (what people typed), no query strings (search words), no headers beyond
        # the scrubbed defaults, no local variables (a frame may hold a member's row).
        data_collection={
            "user_info": False,
            "cookies": {"mode": "off"},
            "http_bodies": [],
            "url_query_params": {"mode": "off"},
            "stack_frame_variables": False,
            "database_query_data": False,
        },
    )
