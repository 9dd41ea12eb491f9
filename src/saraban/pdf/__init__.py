"""Shared PDF helpers (public): deterministic documents, metadata, atomic output."""
