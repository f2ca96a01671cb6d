"""Run by bench/run.py in a child process, on one benchmark database: opens sessions for the
signed-in pages (a staff member with a second factor, a member), picks the concrete URLs and
counts the SQL queries of each page (second request, warm caches), then prints it all as JSON.
"""

import json
import os
import sys
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")


def session_cookie(user) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def main() -> None:
    import django

    django.setup()
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.conf import settings
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from events.models import EventPage
    from forum.models import Category, PostStatus, Thread
    from labo.accounts.models import User
    from projects.models import Application, ProjectPage
    from resources.models import ResourcePage, ResourceTheme

    staff = User.objects.get(email="equipe@labo.test")
    if not Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists():
        # Staff must have a second factor (labo.accounts.two_factor): as in production.
        TOTP.activate(staff, generate_totp_secret())
    member = User.objects.get(email="membre@labo.test")
    cookies = {"staff": session_cookie(staff), "member": session_cookie(member)}

    thread = (
        Thread.objects.filter(category__members_only=False, status=PostStatus.PUBLISHED)
        .order_by("-reply_count", "pk")
        .first()
    )
    project = ProjectPage.objects.live().order_by("pk").first()
    resource = ResourcePage.objects.live().public().order_by("pk").first()
    theme = ResourceTheme.objects.order_by("pk").first()
    event = EventPage.objects.live().order_by("-starts_at").first()
    category = Category.objects.filter(members_only=False).annotate(n=Count("threads"))
    category = category.order_by("-n").first()
    application = Application.objects.order_by("pk").first()

    pages = [
        ("accueil", "/", None),
        ("projets", "/projets/", None),
        ("projets ?departement=31", "/projets/?departement=31", None),
        ("fiche projet", project.url, None),
        ("ressources ?theme=", f"/ressources/?theme={theme.slug}", None),
        ("fiche ressource", resource.url, None),
        ("agenda", "/agenda/", None),
        ("événement", event.url, None),
        ("forum", "/forum/", None),
        ("catégorie du forum", f"/forum/{category.slug}/", None),
        (f"sujet ({thread.reply_count} réponses)", thread.get_absolute_url(), None),
        ("recherche habitat", "/recherche/?q=habitat", None),
        (
            "recherche garantie (forum)",
            "/recherche/?q=" + quote("garantie d'emprunt") + "&type=forum",
            None,
        ),
        ("candidatures (équipe)", "/candidatures/", "staff"),
        ("candidature (équipe)", f"/candidatures/{application.pk}/", "staff"),
        ("sujet + réponse (membre)", thread.get_absolute_url(), "member"),
    ]
    plan = []
    # Queries of the page as rendered: the anonymous page cache would make a visitor's second
    # request cost none.
    settings.PAGE_CACHE_SECONDS = 0
    for name, url, who in pages:
        client = Client(HTTP_HOST="127.0.0.1")
        if who:
            key, value = cookies[who].split("=", 1)
            client.cookies[key] = value
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        plan.append(
            {
                "name": name,
                "url": url,
                "who": who,
                "status": response.status_code,
                "queries": len(queries),
            }
        )
    print(json.dumps({"cookies": cookies, "pages": plan}))


if __name__ == "__main__":
    main()
