"""The report as an OpenDocument text (odfpy), for LibreOffice: named heading styles
(« Heading 1 »…) that a team's template restyles, tables with borders, charts as pictures."""

import io

from django.utils.translation import gettext as _
from odf.draw import Frame
from odf.draw import Image as DrawImage
from odf.opendocument import OpenDocumentText
from odf.style import (
    GraphicProperties,
    ParagraphProperties,
    Style,
    TableCellProperties,
    TextProperties,
)
from odf.table import CoveredTableCell, Table, TableCell, TableColumn, TableRow
from odf.text import H, P
from PIL import Image

from labo.reports.exports import text
from labo.reports.sections import MAP

BRAND = "#8a2c0d"


def _styles(document) -> dict:
    styles = {}
    for level, size in ((1, "16pt"), (2, "12pt"), (3, "10pt")):
        style = Style(
            name=f"Heading_20_{level}",
            displayname=f"Heading {level}",
            family="paragraph",
            parentstylename="Heading",
        )
        style.addElement(TextProperties(fontsize=size, fontweight="bold", color=BRAND))
        style.addElement(ParagraphProperties(margintop="0.4cm", marginbottom="0.2cm"))
        document.styles.addElement(style)
        styles[level] = style
    title = Style(name="Title", displayname="Title", family="paragraph")
    title.addElement(TextProperties(fontsize="20pt", fontweight="bold", color=BRAND))
    document.styles.addElement(title)
    styles["title"] = title
    small = Style(name="Report_20_note", displayname="Report note", family="paragraph")
    small.addElement(TextProperties(fontsize="8.5pt", fontstyle="italic", color="#4a5363"))
    document.styles.addElement(small)
    styles["small"] = small
    cell = Style(name="ReportCell", family="table-cell")
    cell.addElement(TableCellProperties(border="0.5pt solid #8b93a1", padding="0.06cm"))
    document.automaticstyles.addElement(cell)
    styles["cell"] = cell
    bold = Style(name="ReportHeadingCell", family="paragraph")
    bold.addElement(TextProperties(fontweight="bold"))
    document.automaticstyles.addElement(bold)
    styles["bold"] = bold
    frame = Style(name="ReportPicture", family="graphic")
    frame.addElement(GraphicProperties(anchortype="as-char"))
    document.automaticstyles.addElement(frame)
    styles["frame"] = frame
    return styles


def _table(document, styles, header: list[str], rows: list[list[str]]) -> None:
    table = Table()
    table.addElement(TableColumn(numbercolumnsrepeated=len(header)))
    for index, values in enumerate([header, *rows]):
        row = TableRow()
        if text.is_group(values, header):
            cell = TableCell(
                stylename=styles["cell"], valuetype="string", numbercolumnsspanned=len(header)
            )
            cell.addElement(P(text=values[0], stylename=styles["bold"]))
            row.addElement(cell)
            for _covered in header[1:]:
                row.addElement(CoveredTableCell())
        else:
            for value in values:
                cell = TableCell(stylename=styles["cell"], valuetype="string")
                cell.addElement(P(text=value, stylename=styles["bold"] if index == 0 else None))
                row.addElement(cell)
        table.addElement(row)
    document.text.addElement(table)
    document.text.addElement(P())


def _picture(document, styles, name: str, content: bytes, width_cm: float) -> None:
    pixels_wide, pixels_high = Image.open(io.BytesIO(content)).size
    href = document.addPicture(f"Pictures/{name}.png", "image/png", content)
    frame = Frame(
        stylename=styles["frame"],
        width=f"{width_cm}cm",
        height=f"{width_cm * pixels_high / pixels_wide:.2f}cm",
        anchortype="as-char",
    )
    frame.addElement(DrawImage(href=href))
    paragraph = P()
    paragraph.addElement(frame)
    document.text.addElement(paragraph)


def write(report, pictures: dict[str, bytes]) -> bytes:
    document = OpenDocumentText()
    styles = _styles(document)
    document.text.addElement(P(text=text.title(report), stylename=styles["title"]))
    document.text.addElement(P(text=text.subtitle(report)))
    for section in report.sections:
        document.text.addElement(
            H(outlinelevel=1, stylename=styles[1], text=str(section.section.title))
        )
        for paragraph in section.narrative.split("\n"):
            if paragraph.strip():
                document.text.addElement(P(text=paragraph.strip()))
        if section.content.figures:
            _table(
                document,
                styles,
                text.figure_header(report),
                text.figure_rows(section.content.figures),
            )
            document.text.addElement(H(outlinelevel=3, stylename=styles[3], text=_("Définitions")))
            for line in text.definitions(section.content.figures):
                document.text.addElement(P(text=line, stylename=styles["small"]))
        for shown in section.tables:
            table = shown.table
            document.text.addElement(H(outlinelevel=2, stylename=styles[2], text=table.title))
            document.text.addElement(P(text=table.definition, stylename=styles["small"]))
            picture = pictures.get(table.name)
            if picture:
                _picture(document, styles, table.name, picture, 10 if table.chart == MAP else 16)
            _table(
                document,
                styles,
                [str(column) for column in table.columns],
                [[text.cell(value) for value in row] for row in table.rows],
            )
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()
