from email.utils import formataddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from labo.addresses import absolute_url
from labo.notifications.mailer import email_send
from projects.invitations import invitation_url
from projects.models import (
    ProjectInvitation,
    ProjectMembership,
    ProjectPage,
    ProjectRole,
    Review,
)


@task()
def send_project_invitation(invitation_id: int) -> None:
    invitation = ProjectInvitation.objects.select_related("project", "invited_by").get(
        pk=invitation_id
    )
    email_send(
        to=invitation.email,
        subject=_("Invitation à rejoindre l'équipe de « %(project)s »")
        % {"project": invitation.project.title},
        template="projects/email/invitation",
        context={"invitation": invitation, "link": invitation_url(invitation)},
    )


@task()
def send_project_contact(
    project_id: int, sender_name: str, sender_email: str, message: str
) -> None:
    project = ProjectPage.objects.get(pk=project_id)
    referents = list(
        ProjectMembership.objects.filter(project=project, role=ProjectRole.REFERENT).values_list(
            "user__email", flat=True
        )
    )
    if not referents:
        return
    context = {
        "project": project,
        "sender_name": sender_name,
        "sender_email": sender_email,
        "message": message,
        "link": absolute_url(project.url or ""),
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    mail = EmailMultiAlternatives(
        subject=settings.EMAIL_SUBJECT_PREFIX
        + _("Message pour « %(project)s »") % {"project": project.title},
        body=render_to_string("projects/email/contact.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        # Each referent gets the message without seeing the others' addresses.
        bcc=referents,
        reply_to=[formataddr((sender_name, sender_email))],
    )
    mail.send(fail_silently=False)


@task()
def send_confirmation_reminder(project_id: int) -> int:
    """E-mail each referent of a project a link to check and confirm its profile."""
    project = ProjectPage.objects.get(pk=project_id)
    referents = ProjectMembership.objects.filter(
        project=project, role=ProjectRole.REFERENT
    ).select_related("user")
    for membership in referents:
        email_send(
            to=membership.user.email,
            subject=_("« %(project)s » : votre fiche est-elle à jour ?")
            % {"project": project.title},
            template="projects/email/confirmation_reminder",
            context={
                "recipient": membership.user,
                "project": project,
                "edit_link": absolute_url(reverse("projects:edit", args=[project.slug])),
                "preview_link": absolute_url(reverse("projects:preview", args=[project.slug])),
            },
        )
    return len(referents)


@task()
def send_jury_invitation(review_id: int, link: str, new_account: bool) -> None:
    review = Review.objects.select_related(
        "reviewer", "assigned_by", "application__project", "application__round__programme"
    ).get(pk=review_id)
    email_send(
        to=review.reviewer.email,
        subject=_("Invitation à évaluer une candidature : %(project)s")
        % {"project": review.application.project.title},
        template="projects/email/jury_invitation",
        context={"review": review, "link": link, "new_account": new_account},
    )
