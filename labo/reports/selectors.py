"""The report of a period as the page and the exports show it: every registered section
computed, its charts, the team's narrative and the sentences proposed to start it."""

from dataclasses import dataclass, field

from labo.reports.charts import chart_of
from labo.reports.models import NarrativeTemplate, ReportExport, ReportNarrative
from labo.reports.period import Period
from labo.reports.sections import (
    ReportSection,
    ReportTable,
    SectionContent,
    fill,
    format_number,
    report_sections,
)


@dataclass
class ShownTable:
    table: ReportTable
    chart: dict | None

    @property
    def shown_rows(self) -> list[list[str]]:
        return [[format_number(cell) for cell in row] for row in self.table.rows]


@dataclass
class ShownSection:
    section: ReportSection
    content: SectionContent
    tables: list[ShownTable]
    narrative: str  # what the team wrote for this period ("" when nothing yet)
    template: str  # the team's template, else the section's own sentences
    template_is_custom: bool
    proposal: str  # the template with this period's figures filled in
    unknown: list[str] = field(default_factory=list)  # placeholders the template misspells
    values: dict[str, str] = field(default_factory=dict)  # each placeholder's value

    @property
    def name(self) -> str:
        return self.section.name


@dataclass
class Report:
    period: Period
    sections: list[ShownSection]


def narratives_for(period: Period) -> dict[str, str]:
    return dict(
        ReportNarrative.objects.filter(starts_on=period.start, ends_on=period.end).values_list(
            "section", "text"
        )
    )


def report_for(period: Period, *, with_charts: bool = True, on_section=None) -> Report:
    """`on_section(done, total)` is called after each section (an export's progress)."""
    narratives = narratives_for(period)
    templates = dict(NarrativeTemplate.objects.values_list("section", "text"))
    sections = []
    registered = list(report_sections)
    for section in registered:
        content = section.build(period)
        values = content.placeholders(period)
        template = templates.get(section.name) or content.narrative
        proposal, unknown = fill(template, values)
        shown = ShownSection(
            section=section,
            content=content,
            tables=[
                ShownTable(table, chart_of(table) if with_charts else None)
                for table in content.tables
            ],
            narrative=narratives.get(section.name, ""),
            template=template,
            template_is_custom=section.name in templates,
            proposal=proposal,
            unknown=unknown,
            values=values,
        )
        sections.append(shown)
        if on_section is not None:
            on_section(len(sections), len(registered))
    return Report(period=period, sections=sections)


def latest_exports(period: Period) -> dict[str, ReportExport]:
    """The latest export of each format for this period."""
    latest: dict[str, ReportExport] = {}
    for export in ReportExport.objects.filter(starts_on=period.start, ends_on=period.end).order_by(
        "-requested_at", "-pk"
    )[:20]:
        latest.setdefault(export.format, export)
    return latest
