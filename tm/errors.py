"""Typed exceptions raised by the library; only the CLI turns them into exit codes.

Every message says what went wrong, where, and how to fix it, on one line.
"""

from __future__ import annotations


class TmError(Exception):
    """Base class of every error `tm` reports to a user."""


class InputError(TmError):
    """A file or folder given by the user cannot be used (missing, binary, empty, undecodable)."""


class FormatError(TmError):
    """A file in a known format (TMX, TSV, TBX) is malformed."""


class StoreError(TmError):
    """The translation-memory database cannot be opened or written."""


class SchemaVersionError(StoreError):
    """The database was written by a newer version of `tm`."""


class ModelError(TmError):
    """An encoder model cannot be found or loaded."""


class AlignmentError(TmError):
    """A document pair cannot be aligned."""
