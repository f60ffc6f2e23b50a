"""Embedded font subsets made once per process instead of once per document.

Every PDF embeds a subset of each TrueType font it uses. ReportLab builds that subset (a small TTF
file) and compresses it anew for every document, about a tenth of the time of a letter. Letters
use nearly the same characters in the same order (ReportLab always puts ASCII first; only accented
letters and signs such as € and · follow in order of use), so the same subset recurs and is taken
from a cache here. The bytes written are exactly those ReportLab would write.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from collections.abc import Sequence
from typing import Any

from reportlab.pdfbase.pdfdoc import PDFStreamFilterZCompress
from reportlab.pdfbase.pdfdoc import PDFZCompress
from reportlab.pdfbase.ttfonts import TTFont

SUBSETS_PER_FONT = 64
"""Distinct subsets kept per font (each some tens of kB)."""


class _CachedFlate(PDFStreamFilterZCompress):
    """ReportLab's Flate filter, remembering the result for the (cached) subset files."""

    @staticmethod
    @functools.lru_cache(maxsize=SUBSETS_PER_FONT * 4)
    def _compress(content: bytes) -> bytes:
        return PDFZCompress.encode(content)

    def encode(self, text: Any) -> Any:
        if isinstance(text, bytes):
            return self._compress(text)
        return super().encode(text)


_FLATE = _CachedFlate()


def cache_subsets(font: TTFont) -> TTFont:
    """Make ``font`` reuse the subsets (and their compressed form) it made before."""
    face: Any = font.face  # its subset methods are replaced below (not in the stubs)
    make_subset: Callable[[Sequence[int]], bytes] = face.makeSubset
    add_objects: Callable[..., Any] = face.addSubsetObjects

    @functools.lru_cache(maxsize=SUBSETS_PER_FONT)
    def subset_bytes(subset: tuple[int, ...]) -> bytes:
        return make_subset(list(subset))

    def cached_make_subset(subset: Sequence[int]) -> bytes:
        return subset_bytes(tuple(subset))

    def add_subset_objects(doc: Any, fontname: str, subset: Sequence[int]) -> Any:
        reference = add_objects(doc, fontname, subset)
        stream = doc.idToObject.get(f"fontFile:{face.filename}({fontname})")
        if stream is not None and stream.filters == [PDFZCompress]:
            stream.filters = [_FLATE]
        return reference

    face.makeSubset = cached_make_subset
    face.addSubsetObjects = add_subset_objects
    return font
