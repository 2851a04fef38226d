"""Is an uploaded file an organisation logo procure may show? Plain Python, no Flask.

The logo is shown in every page's header, so it must be a plain raster image:
PNG or JPEG only, recognised by its content (never by its name or the media type
the browser sent). SVG is refused whatever it is called: it is a document that
can carry scripts and links. The file must be at most ``MAX_LOGO_BYTES`` and
its declared dimensions within ``MAX_LOGO_SIDE`` pixels (no decompression bomb).

``check_logo`` returns the media type, or raises ``LogoRejected`` with a
``LogoReason`` so the web layer can say what to fix in the user's language.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from enum import StrEnum

from procure.errors import ProcureError

MAX_LOGO_BYTES = 512 * 1024
MAX_LOGO_SIDE = 4096
PNG = "image/png"
JPEG = "image/jpeg"
LOGO_MEDIA_TYPES = (PNG, JPEG)

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# JPEG "start of frame" markers, which carry the dimensions (not DHT, JPG or DAC).
_JPEG_FRAMES = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


class LogoReason(StrEnum):
    EMPTY = "empty"
    TOO_LARGE = "too_large"
    SVG = "svg"
    NOT_IMAGE = "not_image"
    BROKEN = "broken"
    DIMENSIONS = "dimensions"


class LogoRejected(ProcureError):
    def __init__(self, reason: LogoReason) -> None:
        self.reason = reason
        super().__init__(reason.value)


@dataclass(frozen=True)
class Logo:
    media_type: str
    width: int
    height: int


def check_logo(data: bytes) -> Logo:
    """The logo's media type and size in pixels; ``LogoRejected`` if it cannot be one."""
    if not data:
        raise LogoRejected(LogoReason.EMPTY)
    if len(data) > MAX_LOGO_BYTES:
        raise LogoRejected(LogoReason.TOO_LARGE)
    if data.startswith(_PNG_SIGNATURE):
        media_type, (width, height) = PNG, _png_size(data)
    elif data.startswith(b"\xff\xd8\xff"):
        media_type, (width, height) = JPEG, _jpeg_size(data)
    elif _looks_like_svg(data):
        raise LogoRejected(LogoReason.SVG)
    else:
        raise LogoRejected(LogoReason.NOT_IMAGE)
    if not (0 < width <= MAX_LOGO_SIDE and 0 < height <= MAX_LOGO_SIDE):
        raise LogoRejected(LogoReason.DIMENSIONS)
    return Logo(media_type, width, height)


def _png_size(data: bytes) -> tuple[int, int]:
    # The first chunk is IHDR: length (4), type (4), width (4), height (4).
    if len(data) < 24 or data[12:16] != b"IHDR":
        raise LogoRejected(LogoReason.BROKEN)
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def _jpeg_size(data: bytes) -> tuple[int, int]:
    position = 2
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            break
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:  # no length
            position += 2
            continue
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        if length < 2:
            break
        if marker in _JPEG_FRAMES:
            if position + 9 > len(data):
                break
            height, width = struct.unpack(">HH", data[position + 5 : position + 9])
            return width, height
        if marker == 0xDA:  # start of scan before any frame header
            break
        position += 2 + length
    raise LogoRejected(LogoReason.BROKEN)


def _looks_like_svg(data: bytes) -> bool:
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<?xml", b"<svg", b"<!doctype svg")) or b"<svg" in head
