"""The rule-pack schema.  A rule's common keys are validated here; the keys of its kind are
validated by the kind's own ``Params`` model (see ``listlint.checks``)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

RULE_ID = r"^[a-z0-9][a-z0-9_-]*/[a-z0-9][a-z0-9_.-]*$"
TEXT_FIELDS = (
    "title",
    "subtitle",
    "description",
    "selling_points",
    "attributes",
    "skus.name",
    "images.alt",
)
FIELD_NAMES = (*TEXT_FIELDS, "text")


class Scope(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    platforms: list[str] | None = Field(None, description="only on these platforms")
    categories: list[str] | None = Field(None, description="category path globs, e.g. 食品/**")
    exclude_categories: list[str] = Field(default_factory=list)
    fields: list[str] = Field(default_factory=lambda: ["text"], description="text fields checked")

    @field_validator("fields")
    @classmethod
    def _known_fields(cls, value: list[str]) -> list[str]:
        for name in value:
            if name not in FIELD_NAMES:
                raise ValueError(f"unknown field {name!r}; use one of {', '.join(FIELD_NAMES)}")
        return value

    def field_names(self) -> frozenset[str]:
        names = set(self.fields)
        if "text" in names:
            names.discard("text")
            names.update(TEXT_FIELDS)
        return frozenset(names)


class FixSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    action: Literal["delete", "replace"]
    with_: str | None = Field(None, alias="with")


class Examples(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    bad: list[str | dict[str, Any]] = Field(default_factory=list)
    good: list[str | dict[str, Any]] = Field(default_factory=list)


class RuleSpec(BaseModel):
    """Keys every rule has, whatever its kind."""

    model_config = ConfigDict(extra="allow", populate_by_name=True, defer_build=True)

    id: str = Field(pattern=RULE_ID)
    kind: str
    severity: Literal["error", "warning", "info"]
    title: str = Field(description="one-line description, shown by `listlint rules`")
    message: str = Field(description="the finding's message (Simplified Chinese); {match} etc.")
    reference: str = Field(description="law article or platform rule")
    explain: str = ""
    suggestion: str | None = None
    scope: Scope = Field(default_factory=Scope)
    fix: FixSpec | None = None
    examples: Examples = Field(default_factory=Examples)
    enabled: bool = True

    def kind_params(self) -> dict[str, Any]:
        return dict(self.model_extra or {})


class PackSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    pack: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    version: str
    description: str
    data: dict[str, Any] = Field(default_factory=dict, description="shared data rules may refer to")
    rules: list[dict[str, Any]]
