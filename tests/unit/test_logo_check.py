"""The logo check recognises PNG and JPEG by their content and refuses everything else."""

from __future__ import annotations

import pytest

from procure.admin.logo_check import MAX_LOGO_BYTES, LogoReason, LogoRejected, check_logo
from tests.images import SVG, jpeg, png


def test_it_reads_the_media_type_and_size_of_a_png_and_a_jpeg():
    assert (check_logo(png(40, 30)).media_type, check_logo(png(40, 30)).width) == (
        "image/png",
        40,
    )
    logo = check_logo(jpeg(320, 200))
    assert (logo.media_type, logo.width, logo.height) == ("image/jpeg", 320, 200)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", LogoReason.EMPTY),
        (SVG, LogoReason.SVG),
        (b"  <svg onload='alert(1)'></svg>", LogoReason.SVG),
        (b"GIF89a\x01\x00\x01\x00", LogoReason.NOT_IMAGE),
        (b"%PDF-1.7 not an image", LogoReason.NOT_IMAGE),
        (png()[:20], LogoReason.BROKEN),
        (b"\xff\xd8\xff\xd9", LogoReason.BROKEN),
        (png(5000, 10), LogoReason.DIMENSIONS),
        (png(0, 10), LogoReason.DIMENSIONS),
        (jpeg(10, 4097), LogoReason.DIMENSIONS),
        (png(padding=MAX_LOGO_BYTES), LogoReason.TOO_LARGE),
    ],
    ids=[
        "empty",
        "svg",
        "bare-svg",
        "gif",
        "pdf",
        "cut-png",
        "empty-jpeg",
        "wide",
        "zero",
        "tall",
        "big",
    ],
)
def test_it_refuses_what_cannot_be_a_logo(data, reason):
    with pytest.raises(LogoRejected) as refused:
        check_logo(data)
    assert refused.value.reason is reason


def test_a_png_at_the_size_limit_is_accepted():
    data = png(padding=MAX_LOGO_BYTES - len(png()) - 12 - len(b"Comment\x00"))
    assert len(data) == MAX_LOGO_BYTES
    assert check_logo(data).media_type == "image/png"
