"""auditor: a data-quality auditor for local-government committee packs."""

__version__ = "0.1.0"
