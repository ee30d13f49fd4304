"""The rule-pack schema.  A rule's common keys are validated here; the keys of its kind are
validated by the kind's own ``Params`` model (see ``listlint.kinds``)."""

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
    families: list[str] | None = Field(
        None, description="category table families (rules/categories.yaml), e.g. food, cosmetics"
    )
    exclude_families: list[str] = Field(default_factory=list)
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


class Variant(BaseModel):
    """A message variant of a rule: the same rule, a more specific text."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    text: str
    suggestion: str | None = None
    severity: Literal["error", "warning", "info", "advice"] | None = None


class RuleSpec(BaseModel):
    """Keys every rule has, whatever its kind.  A user's smallest rule is ``id``, ``kind``,
    ``message`` and the kind's keys: the severity defaults to warning, the title to the message;
    the built-in packs must give title, reference and examples (their tests check)."""

    model_config = ConfigDict(extra="allow", populate_by_name=True, defer_build=True)

    id: str = Field(pattern=RULE_ID)
    kind: str
    severity: Literal["error", "warning", "info", "advice"] = "warning"
    title: str = Field("", description="one-line description, shown by `listlint rules`")
    message: str = Field(description="the finding's message (Simplified Chinese); {match} etc.")
    reference: str = Field(
        "", description="law article or platform rule (profile:NAME: the platform's)"
    )
    messages: dict[str, str | Variant] = Field(
        default_factory=dict, description="message variants a check chooses by key"
    )
    explain: str = ""
    suggestion: str | None = None
    scope: Scope = Field(default_factory=Scope)
    fix: FixSpec | None = None
    examples: Examples = Field(default_factory=Examples)
    enabled: bool = True

    def kind_params(self) -> dict[str, Any]:
        return dict(self.model_extra or {})

    def model_post_init(self, context: Any, /) -> None:
        if not self.title:
            self.title = self.message.split("：")[0].replace("{", "").replace("}", "")[:40]

    @property
    def general_reference(self) -> str:
        """The reference as a rule's description shows it (SARIF rules, ``explain``): the parts
        each finding fills in (a platform's own rule, a document's own law) in words."""
        text = self.reference
        if text.startswith("profile:"):
            return "各平台规则（随草稿的平台而定）"
        return text.replace("{validity}", "该证件的管理办法（随证件类型而定）")

    def variant(self, key: str) -> tuple[str, str | None]:
        """(text, suggestion) of message variant `key`; the rule's own message if absent."""
        found = self.messages.get(key)
        if found is None:
            return self.message, None
        if isinstance(found, str):
            return found, None
        return found.text, found.suggestion


class PackSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    pack: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    version: str = "1"
    description: str = ""
    data: dict[str, Any] = Field(default_factory=dict, description="shared data rules may refer to")
    rules: list[dict[str, Any]]
