from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import slug_re, slug_unicode_re
from django.http import Http404, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from forum import (
    images,
    limits,
    moderation,
    notifying,
    permissions,
    reactions,
    sanctions,
    selectors,
    services,
    trust,
)
from forum.forms import (
    BODY_MAX,
    REPLY_MAX,
    FlagForm,
    ModerationForm,
    ReplyEditForm,
    ReplyForm,
    ThreadForm,
)
from forum.links import THREAD_LINKS
from forum.models import Category, ModerationAction, PostStatus, ReactionKind, Reply, Thread
from forum.rendering import reaction_bar_html
from forum.templatetags.forum_tags import quoted
from labo.addresses import local_next
from labo.ids import database_id
from labo.permissions import is_member, is_silenced
from labo.user_agents import is_bot


def _no_store(response):
    response["Cache-Control"] = "private, no-store"
    return response


def _draft_published(response, key: str):
    """Tell static/js/forum.js that the draft stored under `key` was published."""
    response.set_cookie("forum_draft_clear", key, max_age=300, path="/forum/", samesite="Lax")
    return response


def _category(request, slug) -> Category:
    category = get_object_or_404(Category, slug=slug)
    if not permissions.can_view_category(request.user, category):
        # Members-only categories do not exist for visitors.
        raise Http404
    return category


def _thread(request, pk, *, for_page=False) -> Thread:
    if for_page:  # the thread's page: selectors.thread_for_page
        thread = selectors.thread_for_page(request.user, pk)
        if thread is None:
            raise Http404
    else:
        thread = get_object_or_404(
            Thread.objects.select_related("category", "author__profile"), pk=pk
        )
    if not permissions.can_view_thread(request.user, thread):
        raise Http404
    return thread


def _reply(request, pk) -> tuple[Reply, Thread]:
    reply = get_object_or_404(
        Reply.objects.select_related("user"), pk=pk, content_type__model="thread"
    )
    thread = _thread(request, int(reply.object_pk))
    return reply, thread


def _trail(category, thread=None):
    trail = [(_("Forum"), reverse("forum:index")), (category.name, category.get_absolute_url())]
    if thread is not None:
        trail.append((thread.title, None))
    return trail


# Reading --------------------------------------------------------------------------------------


def forum_index(request):
    return render(
        request,
        "forum/forum_index.html",
        {
            # Read only when rendered: a visitor's list comes from the cache of fragments.
            "categories": SimpleLazyObject(lambda: selectors.category_list(request.user)),
            "latest": SimpleLazyObject(lambda: selectors.latest_threads(request.user, limit=10)),
            "trail": [(_("Forum"), None)],
            "can_moderate": permissions.can_moderate(request.user),
        },
    )


def category_detail(request, slug):
    category = _category(request, slug)
    only_unread = request.GET.get("filtre") == "non-lus"
    tag = _tag_or_none(request.GET.get("etiquette", ""))
    return render(
        request,
        "forum/category.html",
        {
            "category": category,
            "page_obj": selectors.category_threads(
                request.user,
                category,
                page_number=request.GET.get("page"),
                only_unread=only_unread,
                tag=tag.slug if tag else "",
            ),
            "only_unread": only_unread,
            "tag": tag,
            "tag_slug": tag.slug if tag else "",
            "trail": _trail(category),
            "can_start_thread": permissions.can_start_thread(request.user, category),
            "is_following": is_member(request.user)
            and category.follows.filter(user=request.user).exists(),
        },
    )


def _tag_or_none(slug: str):
    """The tag a filter names, if it is one (anything else filters nothing)."""
    valid = slug and len(slug) <= 100 and slug_unicode_re.fullmatch(slug)
    return selectors.tag_of_threads(slug) if valid else None


@require_GET
def tag_detail(request, slug):
    """The threads with one tag, in every category this person may read."""
    tag = _tag_or_none(slug)
    page_obj = (
        selectors.tagged_threads(request.user, tag, page_number=request.GET.get("page"))
        if tag
        else None
    )
    # A tag no thread this person may read carries says nothing of the others.
    if page_obj is None or not page_obj.paginator.count:
        raise Http404
    return render(
        request,
        "forum/tag.html",
        {
            "tag": tag,
            "page_obj": page_obj,
            "trail": [(_("Forum"), reverse("forum:index")), (tag.name, None)],
        },
    )


def thread_detail(request, slug, pk, thread_slug):
    thread = _thread(request, pk, for_page=True)
    if thread.category.slug != slug or thread.slug != thread_slug:
        return redirect(thread.get_absolute_url(), permanent=True)
    context = selectors.thread_context(
        user=request.user, thread=thread, page_number=request.GET.get("page")
    )
    if request.method == "GET" and not is_bot(request.META.get("HTTP_USER_AGENT", "")):
        services.thread_view_count(thread=thread)
    if is_member(request.user):
        services.thread_mark_read(
            user=request.user,
            thread=thread,
            until=context["last_shown_at"],
            read_at=context["last_read_at"],
        )
        trust.posts_read_record(user=request.user, count=context["newly_read"])
    context["trail"] = _trail(thread.category, thread)
    context["silence_message"] = (
        limits.silence_message(request.user) if is_silenced(request.user) else ""
    )
    context["reply_form"] = ReplyForm(auto_id="reply_%s", initial=_reply_initial(request, thread))
    response = render(request, "forum/thread.html", context)
    return _no_store(response) if request.user.is_authenticated else response


def _reply_initial(request, thread) -> dict:
    """« Citer » and « Répondre » without JavaScript: ?citer=<id> or ?repondre_a=<id>."""
    initial = {}
    for key in ("citer", "repondre_a"):
        reply_id = database_id(request.GET.get(key))
        if reply_id is None:
            continue
        reply = Reply.objects.filter(
            pk=reply_id, object_pk=str(thread.pk), status=PostStatus.PUBLISHED
        ).first()
        if reply is None:
            continue
        if key == "citer":
            initial["text"] = quoted(reply.comment)
        else:
            initial["parent"] = reply.pk
    return initial


def reply_permalink(request, pk):
    reply, thread = _reply(request, pk)
    page = selectors.reply_page_number(request.user, reply)
    suffix = f"?page={page}" if page > 1 else ""
    return redirect(f"{thread.get_absolute_url()}{suffix}#reply-{reply.pk}")


def first_unread(request, pk):
    thread = _thread(request, pk)
    reply = selectors.first_unread_reply(request.user, thread)
    if reply is None:
        return redirect(thread.get_absolute_url())
    return redirect(selectors.reply_url(reply))


# Reactions ------------------------------------------------------------------------------------


@require_POST
def react(request, where, pk):
    """Give or take back « Merci », « +1 » or « Utile » on a post. With htmx, answers the post's
    bar of reactions; without, goes back to the post."""
    if where == reactions.REPLY_POST:
        post, thread = _reply(request, pk)
        author_id = post.user_id
        if not post.is_published:
            raise PermissionDenied
        back = selectors.reply_url(post)
    elif where == reactions.THREAD_POST:
        post = thread = _thread(request, pk)
        author_id = thread.author_id
        back = thread.get_absolute_url()
    else:
        raise Http404
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    if not permissions.can_post(request.user):
        raise _may_not_post(request.user)
    if not permissions.can_react(request.user, thread=thread, author_id=author_id):
        raise PermissionDenied
    kind = request.POST.get("reaction", "")
    error = ""
    if kind not in ReactionKind.values:
        error = _("Cette réaction n'existe pas : choisissez Merci, +1 ou Utile.")
    else:
        try:
            reactions.reaction_toggle(user=request.user, post=post, kind=kind)
        except reactions.TooManyReactions:
            error = _("Vous avez donné beaucoup de réactions en une heure : réessayez plus tard.")
    if not request.headers.get("HX-Request"):
        if error:
            messages.error(request, error)
        return redirect(back)
    # htmx swaps the bar in place, with the refusal in it if any (a 200: htmx swaps no error).
    given = reactions.given_on_page(request.user, thread, [post.pk] if post is not thread else [])
    bar = reactions.reaction_bar_context(
        where, post, given=given.get((where, post.pk), frozenset()), can_react=True
    )
    return _no_store(HttpResponse(reaction_bar_html(bar, get_token(request), error)))


# Writing --------------------------------------------------------------------------------------


def _may_not_post(user) -> PermissionDenied:
    """The refusal of a member who may not post: a silenced one reads why and until when."""
    return PermissionDenied(limits.silence_message(user) if is_silenced(user) else "")


@login_required
def thread_create(request, slug=None):
    """A new thread in a category, or from /forum/nouveau/ with the category to choose (the
    « Poser une question au forum » links of project and resource pages)."""
    category = _category(request, slug) if slug else None
    if not permissions.can_post(request.user):
        raise _may_not_post(request.user)
    if category is not None and not permissions.can_start_thread(request.user, category):
        raise PermissionDenied
    form = ThreadForm(
        request.POST or None,
        user=request.user,
        categories=None if category else permissions.categories_visible_to(request.user),
        initial={link.param: request.GET.get(link.param, "") for link in THREAD_LINKS},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            refusal = limits.posting_refusal(
                request.user, text=form.cleaned_data["body"], kind="thread"
            )
            if refusal:
                form.add_error(None, refusal)
            else:
                thread = services.thread_create(
                    category=category or form.cleaned_data["category"],
                    author=request.user,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    tags=form.cleaned_data["tags"],
                    **{link.field: form.cleaned_data.get(link.param) for link in THREAD_LINKS},
                    token=form.cleaned_data["token"],
                )
                if thread.status == PostStatus.PENDING:
                    messages.info(
                        request,
                        _(
                            "Merci ! Votre sujet sera visible de tous dès qu'un modérateur "
                            "l'aura validé ; vous serez prévenu·e."
                        ),
                    )
                key = f"forum-draft-new-{category.slug if category else 'forum'}"
                return _draft_published(redirect(thread.get_absolute_url()), key)
        status = 400
    return _no_store(
        render(
            request,
            "forum/thread_form.html",
            {"category": category, "form": form, "related": _related_from(form)},
            status=status,
        )
    )


def _related_from(form) -> list:
    """What the thread will be linked to, shown above the form."""
    # The raw values, valid or not (the form may be shown again with errors): only a real
    # slug goes near the database.
    related = []
    for link in THREAD_LINKS:
        slug = form[link.param].value() or ""
        if slug_re.fullmatch(slug):
            related += list(link.pages(form.user).filter(slug=slug)[:1])
    return related


@login_required
def thread_edit(request, pk):
    thread = _thread(request, pk)
    if not permissions.can_edit_thread(request.user, thread):
        raise PermissionDenied
    initial = {
        "title": thread.title,
        "body": thread.body,
        "tags": ", ".join(t.name for t in thread.tags.all()),
    }
    form = ThreadForm(request.POST or None, initial=initial, user=request.user)
    form.fields["body"].min_length = 1
    if request.method == "POST" and form.is_valid():
        services.thread_edit(
            thread=thread,
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
            tags=form.cleaned_data["tags"],
        )
        return redirect(thread.get_absolute_url())
    return _no_store(
        render(
            request,
            "forum/thread_form.html",
            {"category": thread.category, "form": form, "thread": thread},
            status=400 if request.method == "POST" else 200,
        )
    )


@require_POST
def reply_create(request, pk):
    thread = _thread(request, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(thread.get_absolute_url())
    if not permissions.can_post(request.user):
        raise _may_not_post(request.user)
    if not permissions.can_reply(request.user, thread):
        raise PermissionDenied
    form = ReplyForm(request.POST, auto_id="reply_%s")
    parent = None
    if form.is_valid():
        if form.cleaned_data.get("parent"):
            parent = Reply.objects.filter(
                pk=form.cleaned_data["parent"], object_pk=str(thread.pk)
            ).first()
        refusal = limits.posting_refusal(request.user, text=form.cleaned_data["text"], kind="reply")
        if refusal:
            form.add_error(None, refusal)
        else:
            reply = services.reply_create(
                thread=thread,
                user=request.user,
                text=form.cleaned_data["text"],
                parent=parent,
                token=form.cleaned_data["token"],
            )
            if reply.status == PostStatus.PENDING:
                messages.info(
                    request,
                    _("Merci ! Votre réponse sera publiée dès qu'un modérateur l'aura validée."),
                )
            return _draft_published(
                redirect(selectors.reply_url(reply)), f"forum-draft-{thread.pk}"
            )
    context = selectors.thread_context(user=request.user, thread=thread, page_number=10**6)
    context["reply_form"] = form
    context["trail"] = _trail(thread.category, thread)
    return _no_store(render(request, "forum/thread.html", context, status=400))


@login_required
def reply_edit(request, pk):
    reply, thread = _reply(request, pk)
    if not permissions.can_edit_reply(request.user, reply):
        raise PermissionDenied
    form = ReplyEditForm(request.POST or None, initial={"text": reply.comment})
    if request.method == "POST" and form.is_valid():
        services.reply_edit(reply=reply, text=form.cleaned_data["text"])
        return redirect(selectors.reply_url(reply))
    return _no_store(
        render(
            request,
            "forum/reply_form.html",
            {"form": form, "reply": reply, "thread": thread},
            status=400 if request.method == "POST" else 200,
        )
    )


@require_POST
@login_required
def reply_delete(request, pk):
    reply, thread = _reply(request, pk)
    if not permissions.can_delete_reply(request.user, reply):
        raise PermissionDenied
    services.reply_delete(reply=reply, by=request.user)
    messages.success(request, _("La réponse est supprimée."))
    return redirect(thread.get_absolute_url())


@require_POST
@login_required
def solution_set(request, pk):
    thread = _thread(request, pk)
    if not permissions.can_mark_solution(request.user, thread):
        raise PermissionDenied
    reply = None
    reply_id = database_id(request.POST.get("reply"))
    if reply_id is not None:
        reply = get_object_or_404(Reply, pk=reply_id, object_pk=str(thread.pk))
    try:
        services.thread_solution_set(thread=thread, reply=reply)
    except services.PostRefused as refusal:
        messages.error(request, refusal.message)
        return redirect(thread.get_absolute_url())
    if reply is not None:
        messages.success(request, _("Sujet résolu : la réponse retenue est mise en avant."))
        return redirect(selectors.reply_url(reply))
    return redirect(thread.get_absolute_url())


@require_POST
@login_required
def thread_follow(request, pk):
    thread = _thread(request, pk)
    follow = request.POST.get("suivre") == "1"
    services.thread_follow_set(user=request.user, thread=thread, follow=follow)
    messages.success(
        request,
        _("Vous suivez ce sujet.") if follow else _("Vous ne suivez plus ce sujet."),
    )
    return redirect(local_next(request, thread.get_absolute_url()))


@require_POST
@login_required
def category_follow(request, slug):
    category = _category(request, slug)
    follow = request.POST.get("suivre") == "1"
    services.category_follow_set(user=request.user, category=category, follow=follow)
    messages.success(
        request,
        _("Vous serez prévenu·e des nouveaux sujets.")
        if follow
        else _("Vous ne suivez plus cette catégorie."),
    )
    return redirect(local_next(request, category.get_absolute_url()))


def unfollow(request, token):
    """The link at the bottom of forum e-mails: confirm, then stop following."""
    found = notifying.unfollow_token_read(token)
    if found is None:
        raise Http404
    user_id, kind, target_id = found
    target = get_object_or_404(Thread if kind == "t" else Category, pk=target_id)
    context = {"target": target, "is_thread": kind == "t", "token": token}
    if request.method == "POST":
        user = get_object_or_404(get_user_model(), pk=user_id)
        if kind == "t":
            services.thread_follow_set(user=user, thread=target, follow=False)
        else:
            services.category_follow_set(user=user, category=target, follow=False)
        context["done"] = True
    return render(request, "forum/unfollow.html", context)


@login_required
def flag(request, kind, pk):
    if kind == "reponse":
        reply, thread = _reply(request, pk)
    else:
        reply, thread = None, _thread(request, pk)
    if not permissions.can_flag(request.user):
        raise PermissionDenied
    form = FlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = moderation.flag_create(
            user=request.user,
            reason=form.cleaned_data["reason"],
            details=form.cleaned_data["details"],
            thread=thread,
            reply=reply,
        )
        messages.success(
            request,
            _("Merci, la modération va regarder ce message.")
            if created
            else _("Vous aviez déjà signalé ce message."),
        )
        return redirect(selectors.reply_url(reply) if reply else thread.get_absolute_url())
    return _no_store(
        render(
            request,
            "forum/flag.html",
            {"form": form, "thread": thread, "reply": reply},
            status=400 if request.method == "POST" else 200,
        )
    )


@require_POST
def preview(request):
    """A post as it will read once sent: the same Markdown, sanitiser and mention links."""
    if not permissions.can_preview(request.user):
        raise PermissionDenied
    # No longer than a post may be: a preview never renders an unbounded text.
    text = request.POST.get("text", "")[: max(BODY_MAX, REPLY_MAX)]
    return _no_store(
        render(request, "forum/components/preview.html", {"html": selectors.post_preview(text)})
    )


@require_POST
def image_upload(request):
    """A picture for a post, sent by the toolbar's « Image » button: the Markdown that shows
    it, or a translated reason it was refused (nothing typed is touched)."""
    if not permissions.can_upload_image(request.user):
        raise PermissionDenied
    uploaded = request.FILES.get("image")
    if uploaded is None:
        return _no_store(JsonResponse({"error": _("Choisissez une image.")}, status=400))
    try:
        image = images.post_image_upload(user=request.user, uploaded=uploaded)
    except ValidationError as error:
        return _no_store(JsonResponse({"error": " ".join(error.messages)}, status=400))
    return _no_store(
        JsonResponse(
            {
                "url": image.file.url,
                "width": image.width,
                "height": image.height,
                "markdown": f"![{_('Décrivez l’image')}]({image.file.url})",
            },
            status=201,
        )
    )


@require_GET
def member_suggestions(request):
    """Names for the @mention autocomplete (members only, display names only)."""
    if not is_member(request.user):
        raise PermissionDenied
    query = request.GET.get("q", "").strip()[:50]
    if len(query) < 2:
        return JsonResponse({"results": []})
    users = (
        get_user_model()
        .objects.filter(is_active=True, display_name__icontains=query)
        .order_by("display_name")
        .values_list("display_name", flat=True)[:8]
    )
    return _no_store(JsonResponse({"results": list(users)}))


# Moderation -------------------------------------------------------------------------------------


@login_required
def moderation_queue(request):
    if not permissions.can_moderate(request.user):
        raise PermissionDenied
    return _no_store(
        render(
            request,
            "forum/moderation_queue.html",
            {
                **selectors.moderation_queue(),
                "log": ModerationAction.objects.select_related(
                    "actor", "thread", "reply", "member"
                )[:30],
                "sanctioned": sanctions.sanctioned_members(),
                "now": timezone.now(),
                "categories": Category.objects.all(),
            },
        )
    )


THREAD_ACTIONS = {"valider", "masquer", "retablir", "supprimer", "verrouiller", "deverrouiller",
                  "epingler", "desepingler", "deplacer", "classer"}  # fmt: skip
REPLY_ACTIONS = {"valider", "masquer", "retablir", "supprimer", "classer"}


@require_POST
@login_required
def moderate(request, kind, pk, action):
    if not permissions.can_moderate(request.user):
        raise PermissionDenied
    form = ModerationForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    by = request.user
    if kind == "reponse":
        if action not in REPLY_ACTIONS:
            raise Http404
        reply = get_object_or_404(Reply, pk=pk)
        if action in ("valider", "retablir"):
            moderation.reply_restore(reply=reply, by=by, reason=reason)
        elif action == "masquer":
            moderation.reply_hide(reply=reply, by=by, reason=reason)
        elif action == "supprimer":
            moderation.reply_remove(reply=reply, by=by, reason=reason)
        else:
            moderation.flags_dismiss(by=by, reply=reply, reason=reason)
    else:
        if action not in THREAD_ACTIONS:
            raise Http404
        thread = get_object_or_404(Thread, pk=pk)
        statuses = {"valider": PostStatus.PUBLISHED, "retablir": PostStatus.PUBLISHED,
                    "masquer": PostStatus.HIDDEN, "supprimer": PostStatus.DELETED}  # fmt: skip
        flags = {"verrouiller": ("locked", True), "deverrouiller": ("locked", False),
                 "epingler": ("pinned", True), "desepingler": ("pinned", False)}  # fmt: skip
        if action in statuses:
            moderation.thread_set_status(
                thread=thread, by=by, status=statuses[action], reason=reason
            )
        elif action in flags:
            field, value = flags[action]
            moderation.thread_set_flag(
                thread=thread, by=by, field=field, value=value, reason=reason
            )
        elif action == "deplacer":
            category = get_object_or_404(
                Category, pk=database_id(request.POST.get("category")) or 0
            )
            moderation.thread_move(thread=thread, by=by, category=category, reason=reason)
        else:
            moderation.flags_dismiss(by=by, thread=thread, reason=reason)
    messages.success(request, _("C'est fait, et consigné dans le journal de modération."))
    return redirect(local_next(request, reverse("forum:moderation")))
