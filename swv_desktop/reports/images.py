"""Images that recur on every letter (the logo), prepared once per process.

ReportLab's ``Canvas.drawImage`` decodes the PNG, hashes its pixels and compresses them again for
every document: about a third of the time of a letter with a logo. ``draw_image`` does the same
work once per distinct image and per process, and then places the prepared image XObject into each
document exactly as ``drawImage(ImageReader(png), ..., mask="auto")`` would: the PDF bytes are the
same (a test holds the two side by side).
"""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from reportlab.lib import utils
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfdoc import PDFImageXObject
from reportlab.pdfbase.pdfdoc import PDFObjectReference
from reportlab.pdfgen.canvas import Canvas


@dataclass(frozen=True)
class PreparedImage:
    """A decoded, compressed image ready to be placed in any document."""

    name: str
    """ReportLab's name for the image: a digest of its pixels and mask, as ``drawImage`` makes it."""
    width: int
    height: int
    xobject: PDFImageXObject
    """The prototype XObject (with its soft mask, if any); copied into each document."""


@functools.lru_cache(maxsize=8)
def prepare_image(data: bytes) -> PreparedImage:
    """Decode and compress ``data`` (PNG, JPEG ...) once per process."""
    reader = ImageReader(BytesIO(data))
    pixels: bytes = reader.getRGBData()  # type: ignore[no-untyped-call]
    alpha: Any = getattr(reader, "_dataA", None)  # set by getRGBData for an alpha channel
    mask_data = alpha.getRGBData() if alpha else b"auto"
    digester: Any = getattr(utils, "_digester")  # noqa: B009 - private, not in the stubs
    name: str = digester(pixels + mask_data)
    xobject = PDFImageXObject(name, reader, mask="auto")
    xobject.name = name
    width, height = reader.getSize()
    return PreparedImage(name=name, width=width, height=height, xobject=xobject)


def draw_image(
    canvas: Canvas, data: bytes, x: float, y: float, width: float, height: float
) -> None:
    """Draw an image with its transparency at (x, y) scaled to width x height (points).

    Equivalent to ``canvas.drawImage(ImageReader(BytesIO(data)), x, y, width, height,
    mask="auto")``, without decoding and compressing the image again for every document.
    """
    prepared = prepare_image(data)
    c: Any = canvas  # what follows uses ReportLab's private canvas state (not in its stubs)
    doc = c._doc
    c._currentPageHasImages = 1
    reg_name = doc.getXObjectName(prepared.name)
    if not doc.idToObject.get(reg_name):
        image: Any = copy.copy(prepared.xobject)
        c._setXObjects(image)
        doc.Reference(image, reg_name)
        doc.addForm(prepared.name, image)
        smask = getattr(image, "_smask", None)
        if smask:
            mask_name = doc.getXObjectName(smask.name)
            if not doc.idToObject.get(mask_name):
                smask = copy.copy(smask)
                c._setXObjects(smask)
                image.smask = doc.Reference(smask, mask_name)
            else:
                image.smask = PDFObjectReference(mask_name)
            del image._smask
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(width, height)
    c._code.append(f"/{reg_name} Do")
    canvas.restoreState()
    c._formsinuse.append(prepared.name)
