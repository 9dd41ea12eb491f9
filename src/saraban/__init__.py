"""saraban — Thai government documents as PDF.

Public entry points live in the subpackages: :mod:`saraban.thai` (the Thai typesetting layer),
:mod:`saraban.pdf` (shared PDF helpers).  The command line is :mod:`saraban.cli`.
"""

__version__ = "0.1.0"
