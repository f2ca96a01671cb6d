"""Text of attached files, for search. Registry libraries only: pypdf, python-docx, odfpy.
A broken, encrypted or huge file is "text unavailable", never an error for the uploader."""

import io
import zipfile

MAX_BYTES = 30 * 1024 * 1024
MAX_CHARS = 500_000


class TextUnavailable(Exception):
    pass


def _pdf(data: bytes) -> str:
    from pypdf import PdfReader  # noqa: PLC0415 (heavy library, loaded for a PDF only)
    from pypdf.errors import PdfReadError  # noqa: PLC0415 (as above)

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise TextUnavailable("PDF chiffré")
        return "\n".join((page.extract_text() or "") for page in reader.pages[:500])
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        raise TextUnavailable("PDF illisible") from error


def _docx(data: bytes) -> str:
    from docx import Document  # noqa: PLC0415 (heavy library, loaded for a DOCX only)

    try:
        document = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise TextUnavailable("DOCX illisible") from error
    return "\n".join(paragraph.text for paragraph in document.paragraphs)


def _odt(data: bytes) -> str:
    from odf import teletype, text  # noqa: PLC0415 (heavy library, loaded for an ODT only)
    from odf.opendocument import load  # noqa: PLC0415 (as above)

    try:
        document = load(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, Exception) as error:  # odfpy raises bare
        raise TextUnavailable("ODT illisible") from error
    return "\n".join(teletype.extractText(p) for p in document.getElementsByType(text.P))


def _txt(data: bytes) -> str:
    for encoding in ("utf-8", "latin-1"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TextUnavailable("encodage inconnu")


EXTRACTORS = {"pdf": _pdf, "docx": _docx, "odt": _odt, "txt": _txt}


def extract_text(data: bytes, extension: str) -> str:
    extractor = EXTRACTORS.get(extension.lower())
    if extractor is None:
        raise TextUnavailable("format non pris en charge")
    if len(data) > MAX_BYTES:
        raise TextUnavailable("fichier trop volumineux")
    return " ".join(extractor(data).split())[:MAX_CHARS]
