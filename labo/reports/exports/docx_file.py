"""The report as a Word document (python-docx), made to be pasted into the team's own
annual report: Word's own heading and table styles, so that the team's template restyles it."""

import io

from django.utils.translation import gettext as _
from docx import Document
from docx.shared import Cm, Pt

from labo.reports.exports import text
from labo.reports.sections import MAP


def _table(document, header: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, value in zip(table.rows[0].cells, header, strict=True):
        cell.text = value
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        cells = table.add_row().cells
        if text.is_group(row, header):
            merged = cells[0].merge(cells[-1])
            merged.text = row[0]
            merged.paragraphs[0].runs[0].bold = True
            continue
        for cell, value in zip(cells, row, strict=True):
            cell.text = value
    document.add_paragraph()


def _small(document, words: str) -> None:
    paragraph = document.add_paragraph()
    run = paragraph.add_run(words)
    run.font.size = Pt(8.5)
    run.italic = True


def write(report, pictures: dict[str, bytes]) -> bytes:
    document = Document()
    document.core_properties.title = text.title(report)
    document.core_properties.author = "CRESS Occitanie"
    document.add_heading(text.title(report), level=0)
    document.add_paragraph(text.subtitle(report))
    for section in report.sections:
        document.add_heading(str(section.section.title), level=1)
        for paragraph in section.narrative.split("\n"):
            if paragraph.strip():
                document.add_paragraph(paragraph.strip())
        if section.content.figures:
            _table(
                document,
                text.figure_header(report),
                text.figure_rows(section.content.figures),
            )
            document.add_heading(_("Définitions"), level=3)
            for line in text.definitions(section.content.figures):
                _small(document, line)
        for shown in section.tables:
            table = shown.table
            document.add_heading(table.title, level=2)
            _small(document, table.definition)
            picture = pictures.get(table.name)
            if picture:
                document.add_picture(
                    io.BytesIO(picture), width=Cm(10 if table.chart == MAP else 16)
                )
            _table(
                document,
                [str(column) for column in table.columns],
                [[text.cell(value) for value in row] for row in table.rows],
            )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
