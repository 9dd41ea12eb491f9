"""The outgoing register (ทะเบียนหนังสือส่ง) and its numbers (public).

A letter whose spec says ``number = { series = "circular" }`` gets the next number of that series
from the office's register at build time, and the register records what went out under it: date,
subject, sender, recipients, and every file written with its SHA-256.  The register is a database:
SQLite in a file beside ``office.toml`` by default, or a shared PostgreSQL server
(``register = "postgresql://…"``).  One schema and one set of statements serve both
(:mod:`.store`); :mod:`.config` reads the office's settings, :mod:`.export` prints the register as
the regulation's form.  Nothing here imports the letter pipeline or the command line.
"""

from .model import Document, Entry, SeriesRule, format_number
from .store import Issue, Register, open_register

__all__ = ["Document", "Entry", "Issue", "Register", "SeriesRule", "format_number", "open_register"]
