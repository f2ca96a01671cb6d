"""The report laid out for print (A4): a cover with the contents, then each section with its
narrative, its figures beside the previous period's, their definitions, and each chart with
its table. fpdf2, with the vendored DejaVu font (every French character, subset into the
file)."""

import io

from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.fonts import FontFace
from PIL import Image

from labo.reports.exports import text
from labo.reports.exports.pictures import FONTS
from labo.reports.sections import MAP

BRAND = (138, 44, 13)
INK = (29, 36, 48)
SOFT = (74, 83, 99)
HEADING_FILL = (243, 236, 230)
GROUP_FILL = (246, 241, 232)
FAMILY = "DejaVu"
TITLE_ROOM = 22  # mm: a table's title and its definition
TABLE_START = 25  # mm: a table's heading row and its first rows
ROW_HEIGHT = 7.5  # mm: a table row of one line (5) with its padding (2 × 1.2)


class ReportPDF(FPDF):
    def __init__(self, footer_text: str):
        super().__init__(format="A4")
        self.footer_text = footer_text
        self.add_font(FAMILY, "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font(FAMILY, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(18, 18, 18)

    def footer(self):
        if self.page_no() == 1:
            return
        self.set_y(-12)
        self.set_font(FAMILY, "", 8)
        self.set_text_color(*SOFT)
        self.cell(0, 6, self.footer_text, align="L")
        self.set_x(-40)
        self.cell(22, 6, f"{self.page_no()} / {{nb}}", align="R")


def _heading(pdf: FPDF, words: str, size: int) -> None:
    pdf.set_font(FAMILY, "B", size)
    pdf.set_text_color(*BRAND)
    pdf.multi_cell(0, size * 0.5, words, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_text_color(*INK)


def _paragraph(pdf: FPDF, words: str, size: int = 10, color=INK) -> None:
    pdf.set_font(FAMILY, "", size)
    pdf.set_text_color(*color)
    for paragraph in words.split("\n"):
        if paragraph.strip():
            pdf.multi_cell(
                0, size * 0.5, paragraph.strip(), align="L", new_x="LMARGIN", new_y="NEXT"
            )
            pdf.ln(1.5)
    pdf.set_text_color(*INK)


def _table(pdf: FPDF, header: list[str], rows: list[list[str]], widths: tuple) -> None:
    pdf.set_font(FAMILY, "", 9)
    with pdf.table(
        col_widths=widths,
        text_align=["LEFT"] + ["RIGHT"] * (len(header) - 1),
        headings_style=FontFace(emphasis="BOLD", fill_color=HEADING_FILL),
        line_height=5,
        padding=1.2,
    ) as table:
        table.row(header)
        for row in rows:
            if text.is_group(row, header):
                line = table.row(style=FontFace(emphasis="BOLD", fill_color=GROUP_FILL))
                line.cell(row[0], colspan=len(header), align="LEFT")
            else:
                table.row(row)
    pdf.ln(3)


def _picture_height(picture: bytes, width: float) -> float:
    """The height in mm a picture takes when drawn `width` mm wide."""
    with Image.open(io.BytesIO(picture)) as image:
        return width * image.height / image.width


def write(report, pictures: dict[str, bytes]) -> bytes:
    pdf = ReportPDF(text.title(report))
    pdf.set_title(text.title(report))
    pdf.set_author("CRESS Occitanie")
    pdf.set_lang("fr")

    # The cover.
    pdf.add_page()
    pdf.ln(50)
    pdf.set_font(FAMILY, "B", 13)
    pdf.set_text_color(*SOFT)
    pdf.cell(0, 8, _("CRESS Occitanie"), new_x="LMARGIN", new_y="NEXT")
    _heading(pdf, _("Labo de l'habitat des communs"), 26)
    _heading(pdf, _("Rapport d'activité %(period)s") % {"period": report.period.label}, 18)
    pdf.ln(4)
    _paragraph(pdf, text.subtitle(report), 10, SOFT)
    pdf.ln(8)
    pdf.set_font(FAMILY, "B", 11)
    pdf.cell(0, 7, _("Sommaire"), new_x="LMARGIN", new_y="NEXT")
    for number, section in enumerate(report.sections, start=1):
        _paragraph(pdf, f"{number}. {section.section.title}", 11)

    for number, section in enumerate(report.sections, start=1):
        pdf.add_page()
        pdf.start_section(f"{number}. {section.section.title}")  # the reader's outline
        _heading(pdf, f"{number}. {section.section.title}", 17)
        if section.narrative:
            _paragraph(pdf, section.narrative, 10.5)
            pdf.ln(2)
        figures = section.content.figures
        if figures:
            _table(
                pdf,
                text.figure_header(report),
                text.figure_rows(figures),
                (88, 26, 26, 34),
            )
            pdf.set_font(FAMILY, "B", 8.5)
            pdf.cell(0, 5, _("Définitions"), new_x="LMARGIN", new_y="NEXT")
            for line in text.definitions(figures):
                _paragraph(pdf, line, 8, SOFT)
        for shown in section.tables:
            table = shown.table
            picture = pictures.get(table.name)
            width = 110 if table.chart == MAP else 160
            # A title stays on the page of its chart and of its table's first rows; a table
            # short enough to fit on a page with them is not split.
            block = TITLE_ROOM + (_picture_height(picture, width) if picture else 0)
            whole = block + ROW_HEIGHT * (len(table.rows) + 1)
            page_room = pdf.h - pdf.t_margin - pdf.b_margin
            needed = whole if whole <= page_room else block + TABLE_START
            if pdf.get_y() + needed > pdf.h - pdf.b_margin:
                pdf.add_page()
            pdf.ln(3)
            _heading(pdf, table.title, 12)
            _paragraph(pdf, table.definition, 8.5, SOFT)
            if picture:
                pdf.image(io.BytesIO(picture), w=width, alt_text=table.title)
                pdf.ln(3)
            columns = len(table.columns)
            first = 174 - 28 * (columns - 1)
            _table(
                pdf,
                [str(column) for column in table.columns],
                [[text.cell(value) for value in row] for row in table.rows],
                (first, *([28] * (columns - 1))),
            )
    return bytes(pdf.output())
