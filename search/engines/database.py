"""The default engine, on the platform's own database.

PostgreSQL: the `french_unaccent` text search configuration (French stemming, accents
ignored), weights title > summary > body > files, `websearch` syntax ("…", OR, -word),
ts_headline excerpts, ties broken by the most recent date (the forum's last activity).
SQLite: the same query language read by search.syntax (every word required, "phrase", OR,
-word) on the normalized text — accents and case ignored, a word found inside a longer one,
and its French stem (Snowball) at the start of a word, so that « coopératives » finds
« coopérative » as PostgreSQL's stemming does (documented in docs/architecture.md)."""

import dataclasses
import difflib
import re
from datetime import timedelta

import snowballstemmer
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.core.cache import cache
from django.db import connection
from django.db.models import Case, Count, F, FloatField, Q, TextField, Value, When
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.html import escape

from labo.caching.versions import under_content_version
from labo.facets import cached_facets, five_minutes
from resources.models import ResourceTheme
from search.engines.base import SearchHit, SearchRequest, SearchResponse
from search.models import TEXT_SEARCH_CONFIG, SearchDocument
from search.normalize import normalize_aligned
from search.syntax import ParsedQuery, Term, parse_query

THEMES_CACHE_KEY = "search:themes"
WEIGHTS = [0.1, 0.2, 0.4, 1.0]  # D (files), C (body), B (summary), A (title)
START, STOP = "\u0002", "\u0003"  # markers ts_headline puts around matches, before escaping
EXCERPT_LENGTH = 240
_STEMMER = snowballstemmer.stemmer("french")
MIN_STEM_LENGTH = 4
WORD_STARTS = (" ", "'", "-", "(")


def _is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def _words(query: str) -> list[str]:
    return parse_query(query).positive_words


def french_stem(word: str) -> str | None:
    """The Snowball French stem of a normalized word when it is a shorter start of it and long
    enough to mean something (« cooperatives » → « cooper »; « logements » → « log »: too short,
    None)."""
    stem = _STEMMER.stemWord(word)
    if stem != word and word.startswith(stem) and len(stem) >= MIN_STEM_LENGTH:
        return stem
    return None


def _word_q(word: str, field: str) -> Q:
    """The word inside a longer one, or its stem at the start of a word (after a space, an
    apostrophe or a hyphen, or at the very start)."""
    found = Q(**{f"{field}__contains": word})
    stem = french_stem(word)
    if stem is not None:
        found |= Q(**{f"{field}__startswith": stem})
        for before in WORD_STARTS:
            found |= Q(**{f"{field}__contains": before + stem})
    return found


def _contains(term: Term, field: str) -> Q:
    if term.phrase:
        return Q(**{f"{field}__contains": " ".join(term.words)})
    found = Q()
    for word in term.words:
        found &= _word_q(word, field)
    return found


def _term_q(term: Term) -> Q:
    found = _contains(term, "title_normalized") | _contains(term, "text_normalized")
    return ~found if term.negated else found


def _matching_q(parsed: ParsedQuery) -> Q:
    """SQLite: every clause holds, a clause being any of its terms."""
    matching = Q()
    for clause in parsed.clauses:
        either = Q()
        for term in clause:
            either |= _term_q(term)
        matching &= either
    return matching


class DatabaseEngine:
    name = "database"

    def ping(self) -> bool:
        SearchDocument.objects.exists()  # raises if the table cannot be read
        return True

    def problem(self) -> str | None:
        self.ping()
        return None

    def document_count(self) -> int:
        # The database engine searches the reference table itself.
        return SearchDocument.objects.count()

    # Matching ------------------------------------------------------------------------------

    def _ts_query(self, query: str):
        return SearchQuery(query, config=TEXT_SEARCH_CONFIG, search_type="websearch")

    def _matching(self, request: SearchRequest):
        documents = SearchDocument.objects.all()
        if not request.members:
            documents = documents.filter(members_only=False)
        if _is_postgresql():
            return documents.filter(vector=self._ts_query(request.query))
        parsed = parse_query(request.query)
        if parsed.is_empty:
            return documents.none()
        return documents.filter(_matching_q(parsed))

    def _filtered(self, documents, request: SearchRequest, *, exclude: str | set[str] = ""):
        excluded = {exclude} if isinstance(exclude, str) else set(exclude)
        if request.kind and "kind" not in excluded:
            documents = documents.filter(kind=request.kind)
        if request.departement and "departement" not in excluded:
            documents = documents.filter(departement=request.departement)
        if request.theme and "theme" not in excluded:
            documents = documents.filter(themes__contains=f" {request.theme} ")
        if request.periode and "periode" not in excluded:
            documents = documents.filter(self._period_q(request.periode))
        return documents

    @staticmethod
    def _period_q(period: str) -> Q:
        now = timezone.now()
        month, year = now - timedelta(days=30), now - timedelta(days=365)
        return {
            "a-venir": Q(date__gt=now),
            "30-jours": Q(date__lte=now, date__gte=month),
            "annee": Q(date__lt=month, date__gte=year),
            "plus-ancien": Q(date__lt=year) | Q(date__isnull=True),
        }[period]

    def _ordered(self, documents, request: SearchRequest):
        if request.sort == "date":
            return documents.order_by(F("date").desc(nulls_last=True), "pk")
        if _is_postgresql():
            documents = documents.annotate(
                rank=SearchRank(F("vector"), self._ts_query(request.query), weights=WEIGHTS)
            )
        else:
            words = _words(request.query)
            if words:
                in_title = Q()
                for word in words:
                    in_title &= _word_q(word, "title_normalized")
                rank = Case(
                    When(in_title, then=Value(1.0)), default=Value(0.5), output_field=FloatField()
                )
            else:  # only exclusions (« -rural »): every match ranks the same
                rank = Value(0.5, output_field=FloatField())
            documents = documents.annotate(rank=rank)
        return documents.order_by("-rank", F("date").desc(nulls_last=True), "pk")

    # Facets --------------------------------------------------------------------------------

    PERIODS = ("a-venir", "30-jours", "annee", "plus-ancien")

    def _facets(self, matching, request: SearchRequest) -> tuple[dict[str, dict[str, int]], int]:
        """The counts of each filter with the others applied, and the total, from one GROUP
        BY kind and département: matching the words is the costly part (the whole index is
        read for a common word), so it is done once, not once per filter.

        Each group counts its documents three ways, as FILTER columns: those that pass the
        theme and period filters (`all`: the kind and département counts and the total), one
        column per theme (the period filter applied) and one per period (the theme filter
        applied). A document falls in exactly one group, so a count with the kind and
        département filters applied is a sum over the groups that match them."""
        wanted_theme = Q(themes__contains=f" {request.theme} ") if request.theme else Q()
        wanted_period = self._period_q(request.periode) if request.periode else Q()
        themes = self._theme_slugs()
        columns = {"all": Count("pk", filter=wanted_theme & wanted_period)}
        columns.update(
            {
                f"theme_{i}": Count("pk", filter=Q(themes__contains=f" {slug} ") & wanted_period)
                for i, slug in enumerate(themes)
            }
        )
        columns.update(
            {
                f"period_{i}": Count("pk", filter=self._period_q(period) & wanted_theme)
                for i, period in enumerate(self.PERIODS)
            }
        )
        groups = list(
            self._filtered(matching, request, exclude={"kind", "departement", "theme", "periode"})
            .order_by()
            .values("kind", "departement")
            .annotate(**columns)
        )

        def matching_groups(*, left_out: str = ""):
            for group in groups:
                if request.kind and left_out != "kind" and group["kind"] != request.kind:
                    continue
                if (
                    request.departement
                    and left_out != "departement"
                    and group["departement"] != request.departement
                ):
                    continue
                yield group

        def by(field: str) -> dict[str, int]:
            counts: dict[str, int] = {}
            for group in matching_groups(left_out=field):
                if group[field] and group["all"]:
                    counts[group[field]] = counts.get(group[field], 0) + group["all"]
            return counts

        def summed(column: str) -> int:
            return sum(group[column] for group in matching_groups())

        facets = {
            "type": by("kind"),
            "departement": by("departement"),
            "theme": {slug: summed(f"theme_{i}") for i, slug in enumerate(themes)},
            "periode": {period: summed(f"period_{i}") for i, period in enumerate(self.PERIODS)},
        }
        return facets, summed("all")

    @staticmethod
    def _theme_slugs() -> list[str]:
        slugs = cache.get(THEMES_CACHE_KEY)
        if slugs is None:
            slugs = list(ResourceTheme.objects.values_list("slug", flat=True))
            cache.set(THEMES_CACHE_KEY, slugs, 300)
        return slugs

    # Excerpts --------------------------------------------------------------------------------

    def _excerpts(self, documents: list, request: SearchRequest) -> dict[int, str]:
        if not documents:
            return {}
        if _is_postgresql():
            headlines = SearchDocument.objects.filter(pk__in=[d.pk for d in documents]).annotate(
                excerpt=SearchHeadline(
                    Concat(
                        "summary",
                        Value(" … "),
                        "body",
                        Value(" … "),
                        "attachments",
                        output_field=TextField(),
                    ),  # fmt: skip
                    self._ts_query(request.query),
                    config=TEXT_SEARCH_CONFIG,
                    start_sel=START,
                    stop_sel=STOP,
                    max_words=35,
                    min_words=15,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                )
            )
            return {
                row.pk: escape(row.excerpt).replace(START, "<mark>").replace(STOP, "</mark>")
                for row in headlines.only("pk")
            }
        return {d.pk: _highlight(d, _words(request.query)) for d in documents}

    # Spelling hint ---------------------------------------------------------------------------

    def _suggestion(self, request: SearchRequest) -> str:
        """« Vouliez-vous dire » from the words of the titles this audience may see: a
        visitor's typo is never corrected into a word that only a members-only title holds."""
        vocabulary = under_content_version(
            f"search:vocabulary:{'members' if request.members else 'visitors'}",
            lambda: _vocabulary(members=request.members),
            timeout=600,
        )
        words, changed = [], False
        for word in _words(request.query):
            close = difflib.get_close_matches(word, vocabulary, n=1, cutoff=0.75)
            if close and close[0] != word:
                words.append(close[0])
                changed = True
            else:
                words.append(word)
        return " ".join(words) if changed else ""

    # The interface ---------------------------------------------------------------------------

    def search(self, request: SearchRequest) -> SearchResponse:
        matching = self._matching(request)
        results = self._ordered(self._filtered(matching, request), request)
        # The total and the facets (three counts over every match, the costliest queries of
        # a search at national scale) do not depend on the page or the order: kept under the
        # content version, per audience (`members`), five minutes at most for the periods.

        def count() -> dict:
            facets, total = self._facets(matching, request)
            return {"total": total, "facets": facets}

        counted = cached_facets(
            "search", dataclasses.replace(request, page=1, sort=""), count, moment=five_minutes()
        )
        total = counted["total"]
        start = (request.page - 1) * request.page_size
        page = list(
            results.only(
                "pk",
                "kind",
                "title",
                "url",
                "date",
                "departement",
                "summary",
                "body",
                "attachments",
            )[start : start + request.page_size]  # fmt: skip
        )
        excerpts = self._excerpts(page, request)
        hits = [
            SearchHit(
                kind=d.kind,
                title=d.title,
                url=d.url,
                excerpt=excerpts.get(d.pk, ""),
                date=d.date,
                departement=d.departement,
            )  # fmt: skip
            for d in page
        ]
        return SearchResponse(
            hits=hits,
            total=total,
            facets=counted["facets"],
            suggestion="" if total else self._suggestion(request),
        )

    def suggest(self, query: str, *, members: bool, limit: int = 8) -> list[dict]:
        """Titles for the header's suggestions: every word typed starts a word of the title."""
        words = _words(query)
        if not words:
            return []
        documents = SearchDocument.objects.all()
        if not members:
            documents = documents.filter(members_only=False)
        for word in words:
            documents = documents.filter(
                Q(title_normalized__startswith=word) | Q(title_normalized__contains=f" {word}")
            )
        return [
            {"title": title, "url": url, "kind": kind}
            for title, url, kind in documents.order_by(F("date").desc(nulls_last=True)).values_list(
                "title", "url", "kind"
            )[:limit]
        ]


def _vocabulary(*, members: bool) -> list[str]:
    titles = SearchDocument.objects.all()
    if not members:
        titles = titles.filter(members_only=False)
    words = set()
    for title in titles.values_list("title_normalized", flat=True).iterator():
        words.update(word for word in re.split(r"[\W_]+", title) if len(word) > 3)
    return sorted(words)


def _mark_patterns(words: list[str]) -> list[re.Pattern]:
    """What the excerpt marks: each word where it was found, and the whole word that begins
    with its stem (« coopérative » for « coopératives »)."""
    patterns = []
    for word in words:
        patterns.append(re.compile(re.escape(word)))
        stem = french_stem(word)
        if stem is not None:
            patterns.append(re.compile(r"(?<![^\W_])" + re.escape(stem) + r"\w*"))
    return patterns


def _highlight(document, words: list[str]) -> str:
    """SQLite: a window of the text around the first matched word, marked, cut between
    words."""
    text = " … ".join(
        part for part in (document.summary, document.body, document.attachments) if part
    )
    text = re.sub(r"\s+", " ", text).strip()
    normalized = normalize_aligned(text)
    found = [position for w in words if (position := normalized.find(w)) >= 0]
    start = max(min(found, default=0) - EXCERPT_LENGTH // 3, 0)
    end = min(start + EXCERPT_LENGTH, len(text))
    if start:  # begin after a space, never inside a word
        start = text.find(" ", start, min(found, default=start)) + 1 or start
    if end < len(text):
        end = text.rfind(" ", start, end) if " " in text[start:end] else end
    window, window_normalized = text[start:end], normalized[start:end]
    # At one place, the longest mark: the whole word its stem begins, not just the typed part.
    marks = sorted(
        (
            (match.start(), match.end())
            for pattern in _mark_patterns(words)
            for match in pattern.finditer(window_normalized)
        ),
        key=lambda mark: (mark[0], -mark[1]),
    )
    html, cursor = [], 0
    for begin, stop in marks:
        if begin < cursor:
            continue
        html.append(escape(window[cursor:begin]))
        html.append(f"<mark>{escape(window[begin:stop])}</mark>")
        cursor = stop
    html.append(escape(window[cursor:]))
    prefix = "… " if start else ""
    suffix = " …" if end < len(text) else ""
    return prefix + "".join(html).strip() + suffix
