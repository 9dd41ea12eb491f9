"""Official letters (public): spec → render (Jinja2) → layout (forms as data) → write.

``build_letters(spec, output)`` is the one call; the stages are importable on their own.
"""

from .build import BuildResult, build_letters

__all__ = ["BuildResult", "build_letters"]
