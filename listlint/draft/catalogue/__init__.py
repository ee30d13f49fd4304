"""Catalogues: exports of many listings, one per row (JSON lines, CSV, xlsx), streamed.

``source`` reads rows (encodings, delimiters, headers, byte-range partitions), ``settings``
maps columns to draft fields (config and the presets of ``rules/catalogue-presets.yaml``),
``rows`` turns a row into a draft and its findings back into cells.  How rows are spread over
processes or a Dask cluster is ``listlint.batch``'s business.

The names below are imported on first use: the config imports ``settings`` at every start, and
a run without catalogues should not pay for the readers.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_WHERE = {
    "RowChecker": "rows",
    "RowStats": "rows",
    "CatalogueSettings": "settings",
    "Mapping": "settings",
    "presets": "settings",
    "CATALOGUE_SUFFIXES": "source",
    "CatalogueError": "source",
    "Meta": "source",
    "Partition": "source",
    "Record": "source",
    "catalogue_format": "source",
    "is_catalogue": "source",
    "open_catalogue": "source",
    "partitions": "source",
    "read_range": "source",
    "read_rows": "source",
}
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
    "read_rows",
]

if TYPE_CHECKING:
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
        read_rows,
    )


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
