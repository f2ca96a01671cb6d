"""/messages/…: a member's private conversations, their settings and blocks, and the reports
moderators read. Every page is personal: never cached, never indexed."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from conversations import limits, permissions, selectors, services
from conversations.forms import MessageForm, ReportForm, SettingsForm, StartForm
from conversations.models import Conversation, Report
from forum.limits import silence_message
from labo.addresses import local_next
from labo.ids import database_id
from labo.permissions import is_silenced


def _private(response):
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def _member_only(request) -> None:
    if not permissions.can_use_conversations(request.user):
        raise PermissionDenied


def _may_not_write(user) -> PermissionDenied:
    return PermissionDenied(silence_message(user) if is_silenced(user) else "")


@login_required
def inbox(request):
    _member_only(request)
    return _private(
        render(
            request,
            "conversations/inbox.html",
            {
                "conversations": selectors.inbox(request.user),
                "can_start": permissions.can_start_conversation(request.user),
            },
        )
    )


@login_required
def start(request):
    """A new conversation; « Message privé » on a profile or a post comes with ?a=<member>."""
    _member_only(request)
    if not permissions.can_start_conversation(request.user):
        raise _may_not_write(request.user)
    pinned = (
        get_user_model()
        .objects.filter(pk=database_id(request.GET.get("a")) or 0, is_active=True)
        .exclude(pk=request.user.pk)
        .first()
    )
    initial = {"recipients": pinned.display_name, "pinned": pinned.pk} if pinned else {}
    form = StartForm(
        request.POST if request.method == "POST" else None, user=request.user, initial=initial
    )
    status = 200
    if request.method == "GET" and pinned is not None:
        refusal = permissions.write_refusal(request.user, pinned)
        if refusal:
            messages.warning(request, refusal)
    if request.method == "POST":
        if form.is_valid():
            members = form.cleaned_data["members"]
            for member in members:
                refusal = permissions.write_refusal(request.user, member)
                if refusal:
                    form.add_error("recipients", refusal)
            if not form.errors:
                refusal = limits.start_refusal(
                    request.user, recipients=members, text=form.cleaned_data["body"]
                )
                if refusal:
                    form.add_error(None, refusal)
            if not form.errors:
                conversation = services.conversation_start(
                    author=request.user,
                    recipients=members,
                    subject=form.cleaned_data["subject"],
                    body=form.cleaned_data["body"],
                )
                return redirect(conversation.get_absolute_url())
        status = 400
    return _private(render(request, "conversations/start.html", {"form": form}, status=status))


def _conversation(request, pk) -> Conversation:
    """The conversation, to one who may read it; any other gets a 404, as if it did not exist."""
    _member_only(request)
    conversation = get_object_or_404(Conversation, pk=pk)
    if not permissions.can_view_conversation(request.user, conversation):
        raise Http404
    return conversation


@login_required
def detail(request, pk):
    conversation = _conversation(request, pk)
    is_participant = permissions.is_participant(request.user, conversation)
    can_write = permissions.can_write(request.user, conversation)
    form = MessageForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if not is_participant or not can_write:
            raise _may_not_write(request.user)
        if form.is_valid():
            refusal = limits.message_refusal(request.user, text=form.cleaned_data["body"])
            if refusal:
                form.add_error(None, refusal)
            else:
                message = services.message_send(
                    conversation=conversation, author=request.user, body=form.cleaned_data["body"]
                )
                return redirect(f"{conversation.get_absolute_url()}#message-{message.pk}")
        status = 400
    elif is_participant:
        services.conversation_mark_read(user=request.user, conversation=conversation)
    return _private(
        render(
            request,
            "conversations/detail.html",
            {
                "conversation": conversation,
                "thread_messages": selectors.messages_of(conversation),
                "participants": selectors.participants_of(conversation),
                "is_participant": is_participant,
                "can_write": can_write,
                "silence_message": silence_message(request.user)
                if is_silenced(request.user)
                else "",
                "form": form,
                # A moderator reading it because it was reported: the reports, to close.
                "reports": [] if is_participant else list(selectors.open_reports_of(conversation)),
            },
            status=status,
        )
    )


@require_POST
@login_required
def leave(request, pk):
    conversation = _conversation(request, pk)
    if not permissions.is_participant(request.user, conversation):
        raise PermissionDenied
    services.conversation_leave(user=request.user, conversation=conversation)
    messages.success(
        request,
        _("Vous avez quitté « %(subject)s » : vous n'en recevrez plus rien.")
        % {"subject": conversation.subject},
    )
    return redirect(reverse("conversations:inbox"))


@login_required
def report(request, pk):
    conversation = _conversation(request, pk)
    if not permissions.can_report(request.user, conversation):
        raise PermissionDenied
    form = ReportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.conversation_report(
            user=request.user, conversation=conversation, details=form.cleaned_data["details"]
        )
        messages.success(
            request,
            _(
                "Merci : l'équipe de modération va lire cette conversation. Vous pouvez aussi la "
                "quitter, ou bloquer la personne depuis « Réglages »."
            ),
        )
        return redirect(conversation.get_absolute_url())
    return _private(
        render(
            request,
            "conversations/report.html",
            {"conversation": conversation, "form": form},
            status=400 if request.method == "POST" else 200,
        )
    )


@login_required
def settings_view(request):
    _member_only(request)
    accepts = permissions.accepts_messages(request.user)
    form = SettingsForm(
        request.POST if request.method == "POST" else None, initial={"accepts_messages": accepts}
    )
    if request.method == "POST" and form.is_valid():
        services.conversations_accept(
            user=request.user, accept=form.cleaned_data["accepts_messages"]
        )
        messages.success(request, _("C'est enregistré."))
        return redirect(reverse("conversations:settings"))
    return _private(
        render(
            request,
            "conversations/settings.html",
            {"form": form, "blocks": selectors.blocked_by(request.user)},
        )
    )


@require_POST
@login_required
def block(request, pk):
    _member_only(request)
    member = get_object_or_404(get_user_model(), pk=pk, is_active=True)
    if member.pk == request.user.pk:
        raise PermissionDenied
    blocking = request.POST.get("bloquer") != "0"
    services.member_block(user=request.user, member=member, block=blocking)
    messages.success(
        request,
        (
            _("%(name)s ne peut plus vous écrire en privé.")
            if blocking
            else _("%(name)s peut de nouveau vous écrire en privé.")
        )
        % {"name": member.display_name},
    )
    return redirect(local_next(request, reverse("conversations:settings")))


@login_required
def reports(request):
    if not permissions.can_moderate_conversations(request.user):
        raise PermissionDenied
    return _private(
        render(request, "conversations/reports.html", {"reports": selectors.open_reports()})
    )


@require_POST
@login_required
def report_close(request, pk):
    if not permissions.can_moderate_conversations(request.user):
        raise PermissionDenied
    report = get_object_or_404(Report, pk=pk, resolved_at__isnull=True)
    services.report_close(report=report, by=request.user)
    messages.success(
        request,
        _("Signalement classé : la conversation n'est plus lisible par la modération."),
    )
    return redirect(reverse("conversations:reports"))
