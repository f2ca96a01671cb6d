"""The one place e-mails leave from: French templates in text and HTML, absolute links, and an
unsubscribe link and List-Unsubscribe headers on every notification e-mail."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def email_send(
    *,
    to: str,
    subject: str,
    template: str,
    context: dict,
    unsubscribe_url: str = "",
    attachments: list[tuple[str, bytes, str]] = (),
) -> None:
    """Render `<template>.txt` and `<template>.html` and send them, with `attachments` as
    (filename, content, mimetype). Raises on SMTP failure so that the caller (a task) can
    record it and retry."""
    context = {
        **context,
        "site_url": settings.SITE_URL.rstrip("/"),
        "site_name": settings.WAGTAIL_SITE_NAME,
        "unsubscribe_url": unsubscribe_url,
    }
    text_body = render_to_string(f"{template}.txt", context)
    html_body = render_to_string(f"{template}.html", context)
    headers = {}
    if unsubscribe_url:
        headers["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(
        subject=f"{settings.EMAIL_SUBJECT_PREFIX}{subject}",
        body=text_body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers=headers,
    )
    message.attach_alternative(html_body, "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    message.send(fail_silently=False)
