"""The draft format, version 1 (see README "Draft format"), as pydantic models."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Platform = Literal["taobao", "tmall", "jd", "pdd", "douyin"]
PLATFORMS: tuple[str, ...] = ("taobao", "tmall", "jd", "pdd", "douyin")
LaxDate = Annotated[date, Field(strict=False)]

_CATEGORY_SPLIT = re.compile(r"\s*(?:->|→|>|/)\s*")
MAX_CATEGORY_LEVELS = 16  # platforms have 3-5; the bound keeps category globs cheap


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=False)


class Sku(_Model):
    name: str = Field(description="SKU name, e.g. 白色 M")
    price: float = Field(description="price in yuan")
    list_price: float | None = Field(None, description="划线价 (strikethrough/reference price)")
    stock: int | None = None
    presale: bool = False
    ship_within_days: int | None = Field(None, description="发货时效 in days")


class Image(_Model):
    path: str = Field(description="local path relative to the draft, or an http(s) URL")
    role: Literal["main", "detail", "scene", "sku"] = "detail"
    alt: str | None = None
    width: int | None = None
    height: int | None = None


class Document(_Model):
    type: str = Field(description="document type, e.g. food_production_license")
    number: str | None = None
    issued: LaxDate | None = None
    expires: LaxDate | None = None
    file: str | None = None

    @field_validator("number", mode="before")
    @classmethod
    def _number_as_text(cls, value: object) -> object:
        # Licence numbers are often written unquoted; a number that YAML read as int is text.
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


class Draft(_Model):
    platform: str | None = Field(
        None,
        description="taobao | tmall | jd | pdd | douyin, a platform added in the config, or an "
        "alias (淘宝, 天猫, 京东, 拼多多, 抖音)",
        examples=list(PLATFORMS),
    )
    category: str = Field(
        "",
        description="category as the platform writes it, e.g. 服装/女装/T恤 or 食品 > 坚果 "
        "(any separator; Traditional, English and a platform's own path are understood)",
    )
    brand: str | None = None
    brand_owner: bool = False
    title: str
    subtitle: str | None = None
    description: str | None = None
    selling_points: list[str] = Field(default_factory=list)
    attributes: dict[str, str | int | float] = Field(default_factory=dict)
    skus: list[Sku] = Field(default_factory=list)
    images: list[Image] = Field(default_factory=list)
    documents: list[Document] = Field(default_factory=list)
    listlint_disable: list[str] = Field(
        default_factory=list,
        alias="listlint-disable",
        description="JSON drafts: rule ids or prefixes disabled for the whole file",
    )

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        populate_by_name=True,
        # required by the format; a missing one is reported and the draft still checked
        json_schema_extra=lambda schema: schema.setdefault("required", []).append("category"),
    )

    @property
    def category_segments(self) -> list[str]:
        """The category's segments for path globs (user packs); at most MAX_CATEGORY_LEVELS and
        300 characters are read (a 10,000-character category costs nothing more)."""
        parts = [s for s in _CATEGORY_SPLIT.split(self.category[:300].strip()) if s]
        return parts[:MAX_CATEGORY_LEVELS]

    @property
    def category_path(self) -> str:
        return "/".join(self.category_segments)

    def text_fields(self) -> list[tuple[str, str, str]]:
        """Every free-text field as (field path, scope name, text)."""
        out: list[tuple[str, str, str]] = [("title", "title", self.title)]
        if self.subtitle:
            out.append(("subtitle", "subtitle", self.subtitle))
        if self.description:
            out.append(("description", "description", self.description))
        out.extend(
            (f"selling_points[{i}]", "selling_points", s) for i, s in enumerate(self.selling_points)
        )
        out.extend(
            (f"attributes.{k}", "attributes", v)
            for k, v in self.attributes.items()
            if isinstance(v, str)
        )
        out.extend((f"skus[{i}].name", "skus.name", s.name) for i, s in enumerate(self.skus))
        out.extend(
            (f"images[{i}].alt", "images.alt", im.alt) for i, im in enumerate(self.images) if im.alt
        )
        return out


DRAFT_FIELDS: tuple[str, ...] = tuple((f.alias or name) for name, f in Draft.model_fields.items())
