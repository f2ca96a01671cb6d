"""The forum's section of the activity report (labo.reports): threads, replies, members who
wrote, questions solved."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from forum.models import PostStatus, Reply, Thread
from labo.reports.counting import by_month, compared
from labo.reports.period import Period
from labo.reports.sections import ReportSection, SectionContent


def _threads(period: Period):
    return Thread.objects.filter(status=PostStatus.PUBLISHED, **period.moments("created_at"))


def _replies(period: Period):
    return Reply.objects.filter(status=PostStatus.PUBLISHED, **period.moments("submit_date"))


def threads(period: Period) -> int:
    return _threads(period).count()


def replies(period: Period) -> int:
    return _replies(period).count()


def writers(period: Period) -> int:
    """Members who opened a thread or replied, each counted once (two queries)."""
    authors = set(_threads(period).exclude(author=None).values_list("author_id", flat=True))
    authors |= set(_replies(period).exclude(user=None).values_list("user_id", flat=True))
    return len(authors)


def solved(period: Period) -> int:
    """Threads whose reply marked as the solution was written during the period."""
    return Thread.objects.filter(
        status=PostStatus.PUBLISHED,
        solution__submit_date__gte=period.since,
        solution__submit_date__lt=period.until,
    ).count()


def build(period: Period) -> SectionContent:
    return SectionContent(
        figures=[
            compared(
                period,
                "sujets",
                _("Sujets ouverts"),
                _("Sujets du forum publiés pendant la période (ni retenus, ni supprimés)."),
                threads,
            ),
            compared(
                period,
                "reponses",
                _("Réponses"),
                _("Réponses publiées pendant la période."),
                replies,
            ),
            compared(
                period,
                "membres_actifs_forum",
                _("Membres qui ont écrit"),
                _("Membres qui ont ouvert un sujet ou répondu pendant la période."),
                writers,
            ),
            compared(
                period,
                "questions_resolues",
                _("Questions résolues"),
                _("Sujets dont la réponse marquée comme solution a été écrite pendant la période."),
                solved,
            ),
        ],
        tables=[
            by_month(
                period,
                name="forum-mois",
                title=_("Réponses au forum par mois"),
                definition=_(
                    "Réponses publiées chaque mois, à côté du même mois de la période précédente."
                ),
                queryset=Reply.objects.filter(status=PostStatus.PUBLISHED),
                field="submit_date",
            )
        ],
        narrative=_(
            "Au forum, {membres_actifs_forum} membres ont ouvert {sujets} sujets et écrit "
            "{reponses} réponses ; {questions_resolues} questions ont trouvé leur solution."
        ),
    )


SECTION = ReportSection(name="forum", order=50, title=gettext_lazy("Forum"), build=build)
