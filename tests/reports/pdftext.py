"""Reading PDFs in tests: the text of each page with whitespace normalised, and embedded fonts."""

from __future__ import annotations

from io import BytesIO

from pypdf import PdfReader


def pages(pdf: bytes) -> list[str]:
    """The text of every page, whitespace collapsed to single spaces."""
    reader = PdfReader(BytesIO(pdf))
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


def all_text(pdf: bytes) -> str:
    """The text of the whole document."""
    return " ".join(pages(pdf))


def embedded_fonts(pdf: bytes) -> set[str]:
    """The base names of the fonts embedded as TrueType programs (FontFile2)."""
    reader = PdfReader(BytesIO(pdf))
    found: set[str] = set()
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font")
        if fonts is None:
            continue
        for ref in fonts.get_object().values():
            font = ref.get_object()
            descendants = font.get("/DescendantFonts")
            targets = [d.get_object() for d in descendants] if descendants else [font]
            for target in targets:
                descriptor = target.get("/FontDescriptor")
                if descriptor is not None and "/FontFile2" in descriptor.get_object():
                    found.add(str(target["/BaseFont"]).split("+")[-1])
    return found
