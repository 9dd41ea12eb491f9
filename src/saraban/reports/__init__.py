"""Province result booklets (public): load → validate → compose → build.

``build_booklets(data, outdir)`` is the one call; :mod:`.sample` writes the synthetic dataset.
"""
