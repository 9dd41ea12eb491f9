"""Implementations of the command-line subcommands (internal; see :mod:`saraban.cli`)."""
