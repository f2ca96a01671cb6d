"""Fill the `labo_bench` PostgreSQL database with national-scale data, once.

    python bench/generate.py            # creates and fills it, or reuses it when complete
    python bench/generate.py --force    # drops it and starts again

The demo site is loaded first; every generated row is a copy of a demo row of the same kind
(a project, a resource with its files' extracted text, an event with its questions, a thread,
a reply, a member, an application with its timeline) with its own title, slug, dates and
people, inserted in bulk. Wagtail pages are multi-table models, which Django's bulk_create
cannot insert: `bulk_insert` writes each table of the chain in turn. Then the search index is
built by the platform's own indexer. Each step reports how long it took.
"""

import argparse
import os
import random
import sys
import time
import uuid
from copy import copy
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

# `make bench` measures two databases: this one, and the demo site alone (`--demo-only`).
DATABASE = os.environ.setdefault("BENCH_DATABASE", "labo_bench")
SCALE = {
    "members": 20_000,
    "projects": 3_000,
    "resources": 10_000,
    "events": 2_000,
    "registrations": 40_000,
    "threads": 20_000,
    "replies": 200_000,
    "applications": 2_000,
}
# The thread every benchmark run opens: exactly 100 replies.
BIG_THREAD_REPLIES = 100
BATCH = 2_000
GENERATED_MARK = "bench-generated-v1"


def log(step: str, started: float, timings: dict) -> None:
    timings[step] = round(time.monotonic() - started, 1)
    print(f"  {step:<28} {timings[step]:>7.1f} s", flush=True)


def ensure_database(force: bool) -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as db:
        exists = db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]).fetchone()
        if exists and force:
            db.execute(f'DROP DATABASE "{DATABASE}" WITH (FORCE)')
            exists = None
        if not exists:
            db.execute(f'CREATE DATABASE "{DATABASE}"')


def already_generated() -> bool:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('bench_generated')")
        if cursor.fetchone()[0] is None:
            return False
        cursor.execute("SELECT 1 FROM bench_generated WHERE mark = %s", [GENERATED_MARK])
        return cursor.fetchone() is not None


def mark_generated(timings: dict) -> None:
    import json

    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_generated (mark text PRIMARY KEY, timings jsonb)"
        )
        cursor.execute(
            "INSERT INTO bench_generated VALUES (%s, %s) ON CONFLICT (mark) DO NOTHING",
            [GENERATED_MARK, json.dumps(timings)],
        )


# Bulk insertion of multi-table models -----------------------------------------------------------


def bulk_insert(model, objects: list) -> None:
    """Insert `objects` (unsaved instances of `model`) table by table, from the root of the
    inheritance chain down: the root with bulk_create (which returns the ids on PostgreSQL),
    each child table with its own columns and the parent's id."""
    from labo.core.progress import Progress

    chain = [*reversed(model._meta.get_parent_list()), model]
    root = chain[0]
    progress = Progress(sys.stdout, f"    {model._meta.verbose_name_plural}", len(objects))
    for start in range(0, len(objects), BATCH):
        batch = objects[start : start + BATCH]
        roots = []
        for obj in batch:
            row = root(**{f.attname: getattr(obj, f.attname) for f in _local_fields(root)})
            roots.append(row)
        root.objects.bulk_create(roots, batch_size=BATCH)
        for obj, row in zip(batch, roots, strict=True):
            obj.pk = row.pk
            for parent in chain[1:]:
                link = parent._meta.pk
                setattr(obj, link.attname, row.pk)
        for level in chain[1:]:
            rows = []
            for obj in batch:
                row = level.__new__(level)
                row.__dict__.update(obj.__dict__)
                rows.append(row)
            level._base_manager._insert(rows, fields=level._meta.local_concrete_fields)
        progress.advance(len(batch))
    progress.finish(f"    {len(objects)} {model._meta.verbose_name_plural}")


def _local_fields(model):
    return [f for f in model._meta.local_concrete_fields if not f.primary_key]


# Pages -----------------------------------------------------------------------------------------


class PageTree:
    """Paths for new children of one parent, as treebeard would give them."""

    def __init__(self, parent):
        from wagtail.models import Page

        self.parent = parent
        last = Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        last_path = last.order_by("-path").values_list("path", flat=True).first()
        self.step = Page._str2int(last_path[-Page.steplen :]) if last_path else 0

    def place(self, page, slug: str) -> None:
        from wagtail.models import Page

        self.step += 1
        page.path = self.parent.path + Page._int2str(self.step).rjust(Page.steplen, "0")
        page.depth = self.parent.depth + 1
        page.numchild = 0
        page.slug = slug
        page.url_path = f"{self.parent.url_path}{slug}/"
        page.translation_key = uuid.uuid4()
        page.draft_title = page.title
        page.live = True
        page.has_unpublished_changes = False
        page.latest_revision_id = None
        page.live_revision_id = None
        page.locked = False
        page.locked_by_id = None

    def close(self) -> None:
        from wagtail.models import Page

        count = Page.objects.filter(path__startswith=self.parent.path, depth=self.parent.depth + 1)
        Page.objects.filter(pk=self.parent.pk).update(numchild=count.count())


def fresh_copy(template):
    """An unsaved copy of a model instance, with every field of the template but no id."""
    row = copy(template)
    row.pk = None
    if hasattr(row, "id"):
        row.id = None
    row._state = type(template._state)()
    return row


def clone_pages(model, templates: list, count: int, *, title, slug, tweak=None) -> list:
    parent = templates[0].get_parent()
    tree = PageTree(parent)
    clones = []
    for n in range(count):
        template = templates[n % len(templates)]
        page = fresh_copy(template)
        page.title = title(n, template)
        tree.place(page, slug(n))
        if tweak:
            tweak(n, page)
        clones.append(page)
    bulk_insert(model, clones)
    tree.close()
    return clones


def clone_rows(model, templates: list, count: int, tweak) -> list:
    from labo.core.progress import Progress

    rows = []
    for n in range(count):
        row = fresh_copy(templates[n % len(templates)])
        tweak(n, row)
        rows.append(row)
    progress = Progress(sys.stdout, f"    {model._meta.verbose_name_plural}", count)
    for start in range(0, count, BATCH):
        model.objects.bulk_create(rows[start : start + BATCH], batch_size=BATCH)
        progress.advance(len(rows[start : start + BATCH]))
    progress.finish(f"    {count} {model._meta.verbose_name_plural}")
    return rows


# Steps -----------------------------------------------------------------------------------------


def members(rng) -> list:
    from allauth.account.models import EmailAddress

    from labo.accounts.models import MemberProfile, User

    template = User.objects.get(email="membre@labo.test")
    profile = MemberProfile.objects.get(user=template)
    departements = ["09", "11", "12", "30", "31", "32", "34", "46", "48", "65", "66", "81", "82"]

    def tweak_user(n, user):
        user.email = f"membre{n:05d}@bench.test"
        user.display_name = f"Membre {n:05d}"
        user.date_joined = template.date_joined - timedelta(days=rng.randrange(700))
        user.last_login = None

    users = clone_rows(User, [template], SCALE["members"], tweak_user)
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users],
        batch_size=BATCH,
    )

    def tweak_profile(n, row):
        row.user_id = users[n].pk
        row.departement = departements[n % len(departements)]
        row.avatar = ""

    clone_rows(MemberProfile, [profile], len(users), tweak_profile)
    return users


def projects(rng, users) -> list:
    from projects.models import ProjectMembership, ProjectPage, ProjectRole

    templates = list(ProjectPage.objects.live().order_by("pk"))
    clones = clone_pages(
        ProjectPage,
        templates,
        SCALE["projects"],
        title=lambda n, t: f"{t.title} ({n + 1})",
        slug=lambda n: f"projet-bench-{n + 1:04d}",
        tweak=lambda n, p: setattr(
            p, "first_published_at", p.first_published_at - timedelta(days=rng.randrange(900))
        ),
    )
    ProjectMembership.objects.bulk_create(
        [
            ProjectMembership(project_id=p.pk, user=users[n], role=ProjectRole.REFERENT)
            for n, p in enumerate(clones)
        ],
        batch_size=BATCH,
    )
    return clones


def resources(rng) -> list:
    from resources.models import ResourceDocument, ResourcePage

    templates = list(ResourcePage.objects.live().public().order_by("pk").prefetch_related("themes"))
    clones = clone_pages(
        ResourcePage,
        templates,
        SCALE["resources"],
        title=lambda n, t: f"{t.title} — fiche {n + 1}",
        slug=lambda n: f"ressource-bench-{n + 1:05d}",
    )
    through = ResourcePage.themes.through
    links, documents = [], []
    files = {d.page_id: d for d in ResourceDocument.objects.order_by("pk")}
    for n, page in enumerate(clones):
        template = templates[n % len(templates)]
        links += [
            through(resourcepage_id=page.pk, resourcetheme_id=theme.pk)
            for theme in template.themes.all()
        ]
        if template.pk in files:
            documents.append(
                ResourceDocument(page_id=page.pk, document_id=files[template.pk].document_id)
            )
    through.objects.bulk_create(links, batch_size=BATCH)
    ResourceDocument.objects.bulk_create(documents, batch_size=BATCH)
    return clones


def events(rng, users) -> list:
    from django.utils import timezone

    from events.choices import RegistrationStatus
    from events.models import EventPage, Registration

    templates = list(EventPage.objects.live().order_by("pk"))
    now = timezone.now()

    def tweak(n, page):
        shift = timedelta(days=rng.randrange(-700, 180))
        duration = page.ends_at - page.starts_at
        page.starts_at = (now + shift).replace(minute=0, second=0, microsecond=0)
        page.ends_at = page.starts_at + duration
        page.capacity = 40
        page.registration_opens_at = None
        page.registration_closes_at = None

    clones = clone_pages(
        EventPage,
        templates,
        SCALE["events"],
        title=lambda n, t: f"{t.title} ({n + 1})",
        slug=lambda n: f"evenement-bench-{n + 1:04d}",
        tweak=tweak,
    )
    per_event = SCALE["registrations"] // len(clones)
    registrations = [
        Registration(
            event_id=event.pk,
            user=users[(n * per_event + k) % len(users)],
            status=RegistrationStatus.CONFIRMED,
        )
        for n, event in enumerate(clones)
        for k in range(per_event)
    ]
    Registration.objects.bulk_create(registrations, batch_size=BATCH)
    return clones


def forum(rng, users) -> None:
    from django.db import connection
    from django.utils import timezone

    from forum.models import Category, PostStatus, Reply, Thread

    categories = list(Category.objects.filter(members_only=False))
    template_thread = Thread.objects.filter(status=PostStatus.PUBLISHED).order_by("pk").first()
    template_reply = Reply.objects.filter(is_public=True, is_removed=False).order_by("pk").first()
    now = timezone.now()
    per_thread = (SCALE["replies"] - BIG_THREAD_REPLIES) // (SCALE["threads"] - 1)

    def tweak_thread(n, thread):
        thread.category = categories[n % len(categories)]
        thread.title = f"{template_thread.title} ({n + 1})" if n else "Le sujet aux cent réponses"
        thread.slug = f"sujet-bench-{n + 1}"
        thread.author = users[n % len(users)]
        thread.created_at = now - timedelta(days=rng.randrange(1500))
        thread.last_activity_at = thread.created_at + timedelta(hours=rng.randrange(500))
        thread.reply_count = BIG_THREAD_REPLIES if n == 0 else per_thread
        thread.last_reply_by = users[(n + 1) % len(users)]
        thread.pinned = thread.locked = False
        thread.solution_id = None
        thread.view_count = rng.randrange(2000)
        thread.flag_count = 0

    threads = clone_rows(Thread, [template_thread], SCALE["threads"], tweak_thread)

    replies = []
    for n, thread in enumerate(threads):
        for k in range(BIG_THREAD_REPLIES if n == 0 else per_thread):
            reply = fresh_copy(template_reply)
            reply.object_pk = str(thread.pk)
            reply.user_id = users[(n * 7 + k) % len(users)].pk
            reply.user_name = ""
            reply.submit_date = thread.created_at + timedelta(hours=k + 1)
            reply.comment = f"{template_reply.comment}\n\nRéponse {k + 1}."
            reply.thread_id = 0  # set below, once the ids are known
            reply.parent_id = 0
            reply.level, reply.order, reply.nested_count = 0, k + 1, 0
            replies.append(reply)
    bulk_insert(Reply, replies)
    with connection.cursor() as cursor:
        # Flat replies are each their own comment thread (django-comments-xtd's convention).
        cursor.execute(
            "UPDATE django_comments_xtd_xtdcomment SET thread_id = comment_ptr_id, "
            "parent_id = comment_ptr_id WHERE thread_id = 0"
        )


def applications(rng, projects_list, users) -> None:
    from projects.models import Application, ApplicationEvent

    templates = list(Application.objects.order_by("pk"))
    events_by_application = {}
    for event in ApplicationEvent.objects.order_by("pk"):
        events_by_application.setdefault(event.application_id, []).append(event)

    def tweak(n, application):
        application.project_id = projects_list[n].pk
        application.created_by = users[n]
        application.closed_at = None

    clones = clone_rows(Application, templates, SCALE["applications"], tweak)
    timeline = []
    for n, application in enumerate(clones):
        for event in events_by_application.get(templates[n % len(templates)].pk, []):
            row = fresh_copy(event)
            row.application_id = application.pk
            timeline.append(row)
    ApplicationEvent.objects.bulk_create(timeline, batch_size=BATCH)


def search_index() -> int:
    from search.indexing import index_rebuild

    return index_rebuild(sys.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="drop the database and start again")
    parser.add_argument("--demo-only", action="store_true", help="the demo site, nothing more")
    arguments = parser.parse_args()
    return generate(force=arguments.force, demo_only=arguments.demo_only)


def generate(*, force: bool = False, demo_only: bool = False) -> int:

    ensure_database(force)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction
    from django.test.utils import override_settings

    if already_generated():
        # Data made by an earlier version of the code still gets this version's schema (an
        # index added since, say): the bench measures the code as it is.
        call_command("migrate", verbosity=0)
        # And statistics for what the migrations added: a new column has none until
        # autovacuum passes, which a bench run right after would not wait for.
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"{DATABASE} is already generated: reused, migrated (--force to start again).")
        return 0

    rng = random.Random(2026)
    timings: dict[str, float] = {}
    print(f"Generating {DATABASE}:", flush=True)
    started = time.monotonic()
    call_command("migrate", verbosity=0)
    log("migrate", started, timings)
    started = time.monotonic()
    # The demo's content is the template of every generated row.
    with override_settings(DEMO_LOGIN_ENABLED=True):
        call_command("load_demo", "--skip-index", verbosity=0)
    log("demo site", started, timings)

    if demo_only:
        started = time.monotonic()
        count = search_index()
        log(f"search index ({count} docs)", started, timings)
        mark_generated(timings)
        return 0
    with transaction.atomic():
        started = time.monotonic()
        users = members(rng)
        log(f"{SCALE['members']} members", started, timings)
        started = time.monotonic()
        project_pages = projects(rng, users)
        log(f"{SCALE['projects']} projects", started, timings)
        started = time.monotonic()
        resources(rng)
        log(f"{SCALE['resources']} resources", started, timings)
        started = time.monotonic()
        events(rng, users)
        log(f"{SCALE['events']} events + registrations", started, timings)
        started = time.monotonic()
        forum(rng, users)
        log(f"{SCALE['threads']} threads + replies", started, timings)
        started = time.monotonic()
        applications(rng, project_pages, users)
        log(f"{SCALE['applications']} applications", started, timings)
        started = time.monotonic()
        # Copied rows carry their model's `listed_for`, not their own: a copy of a page
        # restricted on itself is not (labo.core.listing).
        from labo.core.listing import refresh_listing

        refresh_listing()
        log("listing", started, timings)
    started = time.monotonic()
    count = search_index()
    log(f"search index ({count} docs)", started, timings)
    started = time.monotonic()
    _vacuum()
    log("vacuum", started, timings)
    mark_generated(timings)
    print(f"Done in {sum(timings.values()):.0f} s.")
    return 0


def _vacuum() -> None:
    """The statistics, and the visibility map that index-only scans need to skip the table:
    bulk-copied rows leave it empty until autovacuum passes, which it does in production long
    before anyone measures (without it the unread-threads count read 6,000 heap pages)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")


if __name__ == "__main__":
    sys.exit(main())
