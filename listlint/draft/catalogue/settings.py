"""How a catalogue's columns become draft fields: the ``catalogue:`` section of the config, the
built-in presets (data: ``rules/catalogue-presets.yaml``) and the mapping of one file's header.
"""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

# the draft fields a column can fill, and the columns that build one SKU or the main image
SCALAR_FIELDS = ("platform", "category", "brand", "brand_owner", "title", "subtitle",
                 "description")  # fmt: skip
LIST_FIELDS = ("selling_points", "attributes", "skus", "images", "documents")
SKU_FIELDS = ("price", "list_price", "stock", "sku_name")
MAPPED_FIELDS = (*SCALAR_FIELDS, *LIST_FIELDS, *SKU_FIELDS, "main_image")
REQUIRED = ("title", "category")
IDENTITY = "draft"  # the preset whose column names are the draft's field names


def _dash(name: str) -> str:
    return name.replace("_", "-")


class CatalogueSettings(BaseModel):
    """``catalogue:`` in listlint.yaml: how catalogue files are read and mapped."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, alias_generator=_dash)

    preset: str | None = Field(
        None, description="a preset of rules/catalogue-presets.yaml (default: the best match)"
    )
    columns: dict[str, str | list[str]] = Field(
        default_factory=dict, description="draft field → column name(s); overrides the preset"
    )
    attribute_columns: list[str] | None = Field(
        None, description="columns that become attributes under their own header"
    )
    platform: str | None = Field(None, description="platform of rows whose row names none")
    delimiter: str | None = Field(None, description="CSV delimiter (default: detected)")
    encoding: Literal["auto", "utf-8", "gb18030"] = "auto"
    sheet: str | None = Field(None, description="xlsx sheet (default: the first)")
    header_row: int | None = Field(
        None, ge=1, le=1000, description="the header's record number (default: detected)"
    )
    rows_per_chunk: int = Field(500, ge=1, le=100_000, description="rows per work unit")

    @field_validator("columns")
    @classmethod
    def _known_fields(cls, value: dict[str, Any]) -> dict[str, Any]:
        import difflib

        for name in value:
            if name not in MAPPED_FIELDS:
                close = difflib.get_close_matches(name, MAPPED_FIELDS, n=1)
                hint = f"，是否想写 {close[0]}？" if close else ""
                raise ValueError(
                    f"未知的草稿字段 {name!r}{hint}（可映射的字段：{'、'.join(MAPPED_FIELDS)}）"
                )
        return value

    @field_validator("delimiter")
    @classmethod
    def _one_character(cls, value: str | None) -> str | None:
        if value is not None:
            value = {"\\t": "\t", "tab": "\t"}.get(value, value)
            if len(value) != 1 or value in '"\r\n':
                raise ValueError("分隔符应为一个字符（`,`、`\\t`、`;`、`|`）")
        return value


@dataclass(frozen=True)
class Preset:
    id: str
    name: str
    columns: dict[str, tuple[str, ...]]
    attribute_columns: tuple[str, ...] = ()
    platform: str | None = None
    status: str = ""


_lock = threading.Lock()
_presets: dict[str, Preset] | None = None


def presets() -> dict[str, Preset]:
    """The built-in presets (``rules/catalogue-presets.yaml``), read once."""
    global _presets
    if _presets is None:
        with _lock:
            if _presets is None:
                _presets = _read_presets()
    return _presets


def _read_presets() -> dict[str, Preset]:
    from listlint.data import PackError, builtin_rules_dir, read_yaml

    path = builtin_rules_dir() / "catalogue-presets.yaml"
    data, _ = read_yaml(path)
    out: dict[str, Preset] = {}
    for key, entry in ((data or {}).get("presets") or {}).items():
        columns = {f: _names(v) for f, v in (entry.get("columns") or {}).items()}
        unknown = [f for f in columns if f not in MAPPED_FIELDS]
        if unknown:
            raise PackError(str(path), 0, f"预设 {key}：未知的字段 {unknown}")
        out[str(key)] = Preset(
            id=str(key),
            name=str(entry.get("name", key)),
            columns=columns,
            attribute_columns=_names(entry.get("attribute_columns") or []),
            platform=entry.get("platform"),
            status=str(entry.get("status", "")),
        )
    return out


def _names(value: Any) -> tuple[str, ...]:
    return (str(value),) if isinstance(value, str) else tuple(str(v) for v in value)


def normal(name: Any) -> str:
    """A header cell as compared: NFKC, no BOM, no surrounding spaces, Latin case folded."""
    text = "" if name is None else str(name)
    return unicodedata.normalize("NFKC", text.replace("\ufeff", "")).strip().casefold()


@dataclass
class Mapping:
    """One file's columns as draft fields."""

    preset: str  # the preset used ("config": columns of the config only)
    header: list[str]
    fields: dict[str, int] = field(default_factory=dict)  # field → column index
    attributes: list[tuple[str, int]] = field(default_factory=list)  # name → column index
    platform: str | None = None
    missing: list[tuple[str, str]] = field(default_factory=list)  # (field, column names)

    @property
    def identity(self) -> bool:
        """Columns named as the draft's own fields (a JSON-lines row is then a draft as is)."""
        return self.preset == IDENTITY and all(
            normal(self.header[i]) == f for f, i in self.fields.items()
        )

    @property
    def usable(self) -> bool:
        return all(f in self.fields for f in REQUIRED)

    def missing_required(self) -> list[tuple[str, str]]:
        return [(f, c) for f, c in self.missing if f in REQUIRED]


def _columns(preset: Preset | None, settings: CatalogueSettings) -> dict[str, tuple[str, ...]]:
    columns = dict(preset.columns) if preset is not None else {}
    columns.update({f: _names(v) for f, v in settings.columns.items()})
    return columns


def _match(header: Sequence[Any], columns: dict[str, tuple[str, ...]]) -> dict[str, int]:
    index: dict[str, int] = {}
    for i, name in enumerate(header):
        index.setdefault(normal(name), i)
    found: dict[str, int] = {}
    for f, names in columns.items():
        for name in names:
            if normal(name) in index:
                found[f] = index[normal(name)]
                break
    return found


def score(header: Sequence[Any], settings: CatalogueSettings) -> tuple[int, int]:
    """How well a header row fits: (required fields found, fields found) of its best preset."""
    best = (0, 0)
    for preset in _candidates(settings):
        found = _match(header, _columns(preset, settings))
        best = max(best, (sum(f in found for f in REQUIRED), len(found)))
    return best


def _candidates(settings: CatalogueSettings) -> list[Preset | None]:
    table = presets()
    if settings.preset is not None:
        return [table[settings.preset]] if settings.preset in table else [None]
    if settings.columns:
        return [None, *table.values()]
    return list(table.values())


def resolve(header: Sequence[Any], settings: CatalogueSettings) -> Mapping:
    """The mapping of `header`: the chosen preset (else the best match) with the config's
    columns on top; mapped columns the header lacks are listed in ``missing``."""
    best: tuple[tuple[int, int], Preset | None] | None = None
    for preset in _candidates(settings):
        found = _match(header, _columns(preset, settings))
        rank = (sum(f in found for f in REQUIRED), len(found))
        if best is None or rank > best[0]:
            best = (rank, preset)
    preset = best[1] if best else None
    columns = _columns(preset, settings)
    found = _match(header, columns)
    shown = [str(h) if h is not None else "" for h in header]
    mapping = Mapping(
        preset=preset.id if preset is not None else "config",
        header=shown,
        fields=found,
        platform=settings.platform or (preset.platform if preset is not None else None),
    )
    wanted = settings.attribute_columns
    if wanted is None:
        wanted = list(preset.attribute_columns) if preset is not None else []
    taken = set(found.values())
    for name in wanted:
        hit = _match(header, {"a": (name,)})
        if hit and hit["a"] not in taken:
            mapping.attributes.append((shown[hit["a"]], hit["a"]))
    explicit = set(settings.columns)
    for f, names in columns.items():
        # a preset lists every name a field is known by: only a required field, or a column
        # the config names, is missing when absent
        if f not in found and (f in REQUIRED or f in explicit):
            mapping.missing.append((f, "、".join(names)))
    return mapping
