"""The first page of a PDF as a small picture, shown on its download button: people see what
they are about to open. Made in the background (resources.tasks), by PDFium (pypdfium2),
never on a page's request."""

import io

import pypdfium2 as pdfium

# Wide enough for the sidebar at twice its size on a sharp screen.
PREVIEW_WIDTH = 480
# A page far taller than wide (a banner, a scroll) would make a picture of no use.
MAX_HEIGHT_RATIO = 3


class PreviewUnavailable(Exception):
    """The file gives no first page to show (damaged, protected by a password, empty)."""


def first_page_picture(data: bytes) -> tuple[bytes, int, int]:
    """The first page of the PDF `data` as WebP bytes, with the picture's width and height."""
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        raise PreviewUnavailable(f"PDF illisible : {error}") from error
    try:
        if len(pdf) == 0:
            raise PreviewUnavailable("PDF sans page")
        page = pdf[0]
        width, height = page.get_size()
        if width <= 0 or height <= 0 or height / width > MAX_HEIGHT_RATIO:
            raise PreviewUnavailable("format de page inhabituel")
        picture = page.render(scale=PREVIEW_WIDTH / width).to_pil().convert("RGB")
        if picture.width != PREVIEW_WIDTH:  # PDFium rounds the page's size up
            height = round(picture.height * PREVIEW_WIDTH / picture.width)
            picture = picture.resize((PREVIEW_WIDTH, height))
    finally:
        pdf.close()
    out = io.BytesIO()
    picture.save(out, "WEBP", quality=80)
    return out.getvalue(), picture.width, picture.height
