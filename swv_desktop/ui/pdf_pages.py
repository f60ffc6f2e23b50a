"""PDF pages inside the app, drawn with PDFium (``pypdfium2``): shown in a scroll area and
printed through ``QPrinter``.

Why pypdfium2: PySide6-Essentials has no QtPdf (that is in the much larger PySide6-Addons), and
pypdfium2 is a small, well-kept binding of Chrome's PDF engine with wheels for Windows, macOS and
Linux. Pages become ``QImage``s; nothing is written to disk and no external viewer is needed.
"""

from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Sequence

import pypdfium2 as pdfium
from PySide6.QtCore import QRect
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtGui import QPainter
from PySide6.QtGui import QPixmap
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QScrollArea
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from swv_desktop.errors import KnownError
from swv_desktop.ui.widgets.controls import wrapping_label

POINTS_PER_INCH = 72
PRINT_DPI_CAP = 300
"""Pages are rasterised at the printer's resolution, at most this (sharp and not too heavy)."""


def page_count(pdf: bytes) -> int:
    """How many pages ``pdf`` has."""
    document = _open(pdf)
    try:
        return len(document)
    finally:
        document.close()


def _open(pdf: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(pdf)
    except pdfium.PdfiumError as exc:
        raise KnownError(f"De PDF kan niet worden gelezen ({exc}).") from exc


def page_images(pdf: bytes, scale: float) -> Iterator[QImage]:
    """Each page of ``pdf`` as an image, ``scale`` pixels per point."""
    document = _open(pdf)
    try:
        for index in range(len(document)):
            page = document[index]
            bitmap = page.render(scale=scale, rev_byteorder=True, prefer_bgrx=True)
            image = QImage(
                bytes(bitmap.buffer),
                bitmap.width,
                bitmap.height,
                bitmap.stride,
                QImage.Format.Format_RGBX8888,
            ).copy()  # own the pixels: the bitmap is freed below
            bitmap.close()
            page.close()
            yield image
    finally:
        document.close()


def print_pdfs(printer: QPrinter, pdfs: Sequence[bytes]) -> int:
    """Print the pages of ``pdfs`` in order, one sheet per page, each page on the whole sheet
    (the letters keep their own margins: an A4 letter prints 1:1 on A4); returns the number of
    pages sent to the printer."""
    dpi = min(printer.resolution(), PRINT_DPI_CAP)
    printer.setFullPage(True)
    painter = QPainter()
    if not painter.begin(printer):
        raise KnownError(
            "De printer kon niet worden gestart. Controleer de printer en probeer opnieuw."
        )
    printed = 0
    try:
        for pdf in pdfs:
            for image in page_images(pdf, dpi / POINTS_PER_INCH):
                if printed and not printer.newPage():
                    raise KnownError("De printer weigerde een nieuwe pagina.")
                area = painter.viewport()
                size = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.setViewport(QRect(area.topLeft(), size) if size.isValid() else area)
                painter.setWindow(image.rect())
                painter.drawImage(0, 0, image)
                painter.setViewport(area)
                painter.setWindow(area)
                printed += 1
    finally:
        painter.end()
    return printed


class PdfPagesView(QScrollArea):
    """The pages of a PDF one under the other, as a reader sees them on paper."""

    SCALE = 1.25
    """Pixels per point: an A4 page is some 740 pixels wide."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("briefpaginas")
        self.setWidgetResizable(True)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.setStyleSheet("QScrollArea#briefpaginas { background: #8a8f96; }")
        self.page_labels: list[QLabel] = []

    def show_pdf(self, pdf: bytes) -> None:
        """Replace the shown pages by those of ``pdf``."""
        container = QWidget()
        container.setObjectName("paginas")
        column = QVBoxLayout(container)
        column.setSpacing(12)
        column.setContentsMargins(12, 12, 12, 12)
        self.page_labels = []
        for number, image in enumerate(page_images(pdf, self.SCALE), start=1):
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(image))
            label.setAccessibleName(f"Pagina {number}")
            label.setStyleSheet("background: white; border: 1px solid #5f646b;")
            column.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
            self.page_labels.append(label)
        column.addStretch(1)
        self.setWidget(container)

    def show_message(self, text: str) -> None:
        """Show ``text`` where the pages would be (a letter that cannot be shown now)."""
        label = wrapping_label("brief_melding", text)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setStyleSheet("background: white; padding: 24px; font-size: 11pt;")
        self.page_labels = []
        self.setWidget(label)
