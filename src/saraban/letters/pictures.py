"""Pictures of a letter (internal): whether the emblem, the signature or the photo can be read,
and what to say when it cannot — in words, without the reader objects' reprs that reportlab puts
into its messages (``fileName=<_io.BufferedReader …> identity=[ImageReader@0x…]``).

``letter check`` opens the pictures with :func:`picture_problem` so that it refuses what the build
would refuse; the PDF writer cleans its own errors with :func:`picture_error`.
"""

from __future__ import annotations

import re
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


def picture_problem(path: Path) -> str | None:
    """Why the picture at ``path`` cannot be drawn, or None when it can."""
    if path.suffix.lower() == ".svg":
        try:
            from svglib.svglib import svg2rlg

            drawing = svg2rlg(str(path))
        except Exception as exc:  # noqa: BLE001 - svglib and lxml raise many kinds
            return picture_error(exc, path)
        return None if drawing is not None else "cannot read the SVG picture"
    try:
        from PIL import Image

        with Image.open(path) as image:
            image.verify()    # the whole file (a truncated PNG fails here), without decoding it
    except Exception as exc:  # noqa: BLE001 - PIL raises its own kinds for broken files
        return picture_error(exc, path)
    return None
