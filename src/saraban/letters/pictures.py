"""Pictures of a letter (internal): whether the emblem, the signature or the photo can be read,
and what to say when it cannot — in words, without the reader objects' reprs that reportlab puts
into its messages (``fileName=<_io.BufferedReader …> identity=[ImageReader@0x…]``).

``letter check`` opens the pictures with :func:`picture_problem` so that it refuses what the build
would refuse; the PDF writer cleans its own errors with :func:`picture_error`.
"""

from __future__ import annotations

import functools
import math
import re
import warnings
from pathlib import Path

#: What reportlab's ImageReader puts before the reason (the file object, the reader's identity) and
#: the reprs PIL puts into it ("cannot identify image file <_io.BytesIO object at 0x…>").
_READER_NOISE = re.compile(r"fileName=<[^>]*>|fileName=\S+|identity=\[[^\]]*\]|\s*<[^<>]* at 0x[0-9a-f]+>")


def picture_error(exc: BaseException, path: Path | None = None) -> str:
    """The reason of a picture error, without object reprs (nor the file's name, which the
    error's location gives): "cannot read the picture (…)"."""
    text = _READER_NOISE.sub(" ", str(exc))
    if path is not None:
        text = text.replace(f"'{path}'", "").replace(str(path), "")
    reason = " ".join(text.split()) or type(exc).__name__
    return f"cannot read the picture (not a PNG, JPEG or SVG file, or a damaged one: {reason})"


#: Most pixels a picture may have (width × height).  A 600-dpi scan of a whole A4 page has 35
#: million; a signature or an emblem needs a few.  Decoding 50 million takes some 200 MB; a
#: 20,000 × 20,000 picture (400 million, 1.6 GB decoded) ended in PIL's DecompressionBombError.
MAX_PICTURE_PIXELS = 50_000_000


def _pixels_problem(width: int, height: int) -> str | None:
    if width <= 0 or height <= 0:
        return f"the picture has no size ({width} × {height} pixels)"
    if width * height > MAX_PICTURE_PIXELS:
        return (f"the picture is {width:,} × {height:,} pixels ({width * height / 1e6:,.0f} million); at "
                f"most {MAX_PICTURE_PIXELS // 1_000_000} million are accepted — scale it down (600 dpi is "
                "plenty for print: a signature of 6 × 3 cm is 1,417 × 709 pixels)")
    return None


def svg_size_problem(width: float, height: float) -> str | None:
    """Why an SVG drawing of this size (points) cannot be fitted into a box, or None."""
    if not (math.isfinite(width) and math.isfinite(height)) or width <= 0 or height <= 0:
        return (f"the SVG picture has no size (width {width:g}, height {height:g}): give its <svg> a "
                "width and a height above 0, or a viewBox")
    return None


def picture_problem(path: Path) -> str | None:
    """Why the picture at ``path`` cannot be drawn, or None when it can (the pixel count and the
    SVG size are checked before anything is decoded)."""
    try:
        stat = path.stat()
    except OSError as exc:
        return picture_error(exc, path)
    return _picture_problem(path, stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=64)
def _picture_problem(path: Path, size: int, mtime: int) -> str | None:
    """:func:`picture_problem` once per file version (a merge checks its emblem for every row)."""
    if path.suffix.lower() == ".svg":
        try:
            from svglib.svglib import svg2rlg

            drawing = svg2rlg(str(path))
        except Exception as exc:  # noqa: BLE001 - svglib and lxml raise many kinds
            return picture_error(exc, path)
        if drawing is None:
            return "cannot read the SVG picture"
        return svg_size_problem(drawing.width, drawing.height)
    try:
        from PIL import Image

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            try:
                with Image.open(path) as image:
                    problem = _pixels_problem(*image.size)   # read from the header, nothing decoded
                    if problem:
                        return problem
                    image.verify()    # the whole file (a truncated PNG fails here), without decoding it
            except Image.DecompressionBombError:
                # over twice PIL's own limit: it refuses before telling the size; read it from the header
                previous, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, None
                try:
                    with Image.open(path) as image:
                        return _pixels_problem(*image.size)
                finally:
                    Image.MAX_IMAGE_PIXELS = previous
    except Exception as exc:  # noqa: BLE001 - PIL raises its own kinds for broken files
        return picture_error(exc, path)
    return None
