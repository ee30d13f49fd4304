"""Catalogues: exports of many listings, one per row (JSON lines, CSV, xlsx), streamed.

``source`` reads rows (encodings, delimiters, headers, byte-range partitions), ``settings``
maps columns to draft fields (config and the presets of ``rules/catalogue-presets.yaml``),
``rows`` turns a row into a draft and its findings back into cells.  How rows are spread over
processes or a Dask cluster is ``listlint.batch``'s business.
"""

from __future__ import annotations

from listlint.draft.catalogue.rows import RowChecker, RowStats
from listlint.draft.catalogue.settings import CatalogueSettings, Mapping, presets
from listlint.draft.catalogue.source import (
    CATALOGUE_SUFFIXES,
    CatalogueError,
    Meta,
    Partition,
    Record,
    catalogue_format,
    is_catalogue,
    open_catalogue,
    partitions,
    read_range,
    rows,
)

__all__ = [
    "CATALOGUE_SUFFIXES",
    "CatalogueError",
    "CatalogueSettings",
    "Mapping",
    "Meta",
    "Partition",
    "Record",
    "RowChecker",
    "RowStats",
    "catalogue_format",
    "is_catalogue",
    "open_catalogue",
    "partitions",
    "presets",
    "read_range",
    "rows",
]
