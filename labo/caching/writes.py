"""What a write to each model moves on: the one table of it.

Our models declare it themselves, in a class attribute read here:

    class Registration(models.Model):
        # Places left show on the event's page.
        cache_moves = (CONTENT,)

`()` for a write nobody else can see (a read mark, a queued e-mail). The models of Django,
Wagtail and the other packages are declared below, and so are the many-to-many tables whose
writes move more than the model that holds them. A model that declares nothing fails
`manage.py check` (labo.caching.E001): a newcomer's model cannot leave a stale page behind
without saying so.

Signals move the versions on every save, delete and many-to-many change, at once and again on
commit (labo.caching.versions). Writes without signals (`QuerySet.update()`) call
`Version.move()` themselves.
"""

from django.apps import apps
from django.core import checks
from django.db.models.signals import m2m_changed, post_delete, post_save

from labo.caching.versions import ACCESS, APPLICATIONS, CONTENT, Version

ATTRIBUTE = "cache_moves"

# Models of the packages we use.
PACKAGES: dict[str, tuple[Version, ...]] = {
    # Who someone is: their groups, their second factor (also on the profile pages: content).
    "auth.group": (CONTENT, ACCESS),
    "auth.group_permissions": (ACCESS,),
    "auth.permission": (ACCESS,),
    "mfa.authenticator": (ACCESS,),
    # Written by signing in, sessions, e-mails and the admin's own bookkeeping: never shown.
    "sessions.session": (),
    "admin.logentry": (),
    "account.emailaddress": (),
    "account.emailconfirmation": (),
    "contenttypes.contenttype": (),
    "django_tasks_database.dbtaskresult": (),
    "wagtailusers.userprofile": (),
    "wagtailadmin.admin": (),
    "wagtailadmin.editingsession": (),
    "wagtailadmin.formstate": (),
    "wagtailcore.revision": (),
    "wagtailcore.pagelogentry": (),
    "wagtailcore.modellogentry": (),
    "wagtailcore.taskstate": (),
    "wagtailcore.workflowstate": (),
    "wagtailcore.pagesubscription": (),
    "wagtailcore.comment": (),
    "wagtailcore.commentreply": (),
    "wagtailcore.referenceindex": (),
    "wagtailcore.uploadedfile": (),
    "wagtailcore.apitoken": (),
    "wagtailimages.rendition": (),  # made on first display of an image size
    "wagtailsearch.indexentry": (),
    "wagtailsearch.sqliteftsindexentry": (),
    "wagtailsearchpromotions.query": (),
    "wagtailsearchpromotions.querydailyhits": (),
    "taggit.tag": (),  # a tag shows through the tagged items
    # Pages, their privacy and workflows, collections, documents, images, redirects,
    # comments and tags: what visitors and members read.
    "wagtailcore.page": (CONTENT,),
    "wagtailcore.site": (CONTENT,),
    "wagtailcore.locale": (CONTENT,),
    "wagtailcore.collection": (CONTENT,),
    "wagtailcore.collectionviewrestriction": (CONTENT,),
    "wagtailcore.collectionviewrestriction_groups": (CONTENT,),
    "wagtailcore.pageviewrestriction": (CONTENT,),
    "wagtailcore.pageviewrestriction_groups": (CONTENT,),
    "wagtailcore.grouppagepermission": (CONTENT, ACCESS),
    "wagtailcore.groupcollectionpermission": (CONTENT, ACCESS),
    "wagtailcore.groupsitepermission": (CONTENT, ACCESS),
    "wagtailcore.workflow": (CONTENT,),
    "wagtailcore.workflowtask": (CONTENT,),
    "wagtailcore.workflowpage": (CONTENT,),
    "wagtailcore.workflowcontenttype": (CONTENT,),
    "wagtailcore.task": (CONTENT,),
    "wagtailcore.groupapprovaltask": (CONTENT,),
    "wagtailcore.groupapprovaltask_groups": (CONTENT,),
    "wagtaildocs.document": (CONTENT,),
    "wagtailimages.image": (CONTENT,),
    "wagtailembeds.embed": (CONTENT,),
    "wagtailredirects.redirect": (CONTENT,),
    "wagtailforms.formsubmission": (CONTENT,),
    "wagtailsearchpromotions.searchpromotion": (CONTENT,),
    "taggit.taggeditem": (CONTENT,),
    "sites.site": (CONTENT,),
    "django_comments.comment": (CONTENT,),
    "django_comments.commentflag": (CONTENT,),
    "django_comments_xtd.xtdcomment": (CONTENT,),
    "django_comments_xtd.blacklisteddomain": (CONTENT,),
}

# Many-to-many tables of our models whose writes move what their model's do not (or more).
RELATIONS: dict[str, tuple[Version, ...]] = {
    "accounts.user_groups": (CONTENT, ACCESS),
    "accounts.user_user_permissions": (ACCESS,),
    # Sharing an application with a partner changes who sees it in their list.
    "projects.application_shared_with": (CONTENT, APPLICATIONS),
}


def moves_of(model) -> tuple[Version, ...] | None:
    """What a write to `model` moves on, or None when nothing declares it."""
    label = model._meta.label_lower
    if label in RELATIONS:
        return RELATIONS[label]
    if label in PACKAGES:
        return PACKAGES[label]
    if ATTRIBUTE in model.__dict__:
        return tuple(model.__dict__[ATTRIBUTE])
    if model._meta.auto_created:
        # A many-to-many table moves what the model that holds the field moves.
        owner = model._meta.auto_created
        return moves_of(owner)
    return None


_moves_by_model: dict[type, tuple[Version, ...]] = {}


def _moves(sender) -> tuple[Version, ...]:
    moves = _moves_by_model.get(sender)
    if moves is None:
        # Undeclared models fail the system check; until fixed, a write to one is treated as
        # visible, the safe side.
        declared = moves_of(sender)
        moves = _moves_by_model[sender] = (CONTENT,) if declared is None else declared
    return moves


def _row_changed(sender, update_fields=None, **kwargs) -> None:
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return  # every sign-in writes it; no page shows it
    for version in _moves(sender):
        version.move()


def _relation_changed(sender, action, **kwargs) -> None:
    if action.startswith("post_"):
        for version in _moves(sender):
            version.move()


def connect_write_signals() -> None:
    post_save.connect(_row_changed, dispatch_uid="labo.caching.save")
    post_delete.connect(_row_changed, dispatch_uid="labo.caching.delete")
    m2m_changed.connect(_relation_changed, dispatch_uid="labo.caching.m2m")


def check_every_model_declares(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    errors = []
    for model in apps.get_models(include_auto_created=True):
        if moves_of(model) is None:
            errors.append(
                checks.Error(
                    f"{model._meta.label} does not say what a write to it moves on.",
                    hint=f"Give it `{ATTRIBUTE} = (...)` (labo.caching.versions: CONTENT, "
                    "ACCESS, APPLICATIONS…; `()` when no one else sees it), or declare it in "
                    "labo.caching.writes.PACKAGES.",
                    obj=model,
                    id="labo.caching.E001",
                )
            )
    return errors
