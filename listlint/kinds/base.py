"""What a rule kind sees: the compiled rule and the draft context.

A rule kind is a module in ``listlint.kinds`` with

* ``Params``: a pydantic model of the kind's own keys (validated when the pack loads),
* ``check(rule: Rule, ctx: Context) -> Iterable[Finding]``,
* optionally ``prepare(rule: Rule) -> None`` to precompile regexes or indexes into
  ``rule.compiled``,
* optionally ``applies(rule: Rule, platform: str, category: str) -> bool``: False when the rule
  cannot fire for that platform and category whatever the draft says (the engine then leaves
  it out of its plan for them).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any, Protocol

from listlint.categories.globs import category_matches, family_matches
from listlint.findings import Finding, Fix, Severity
from listlint.messages import fill

if TYPE_CHECKING:
    from listlint.draft.load import LoadedDraft
    from listlint.draft.model import Draft
    from listlint.packs.model import RuleSpec
    from listlint.platforms import Platform
    from listlint.text.normalize import Normalized


class Kind(Protocol):
    """The protocol of a rule kind module (the optional hooks are listed above)."""

    Params: Any

    def check(self, rule: Rule, ctx: Context) -> Iterable[Finding]: ...


@dataclass
class Rule:
    spec: RuleSpec
    params: Any  # the kind's Params instance
    pack: str
    source: str  # "file:line" of the rule, for messages about the pack
    pack_data: dict[str, Any] = field(default_factory=dict)
    compiled: Any = None
    severity: Severity = Severity.ERROR
    # a rule of a built-in pack: its regexes are audited and run without a per-call time limit
    # on bounded texts (see listlint.kinds.regexes)
    trusted: bool = False

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def kind(self) -> str:
        return self.spec.kind

    def __getstate__(self) -> dict[str, Any]:
        return self.__dict__

    @cached_property
    def scope_fields(self) -> frozenset[str]:
        """The field scope names the rule reads (``text`` expanded)."""
        return self.spec.scope.field_names()

    def applies_to(self, platform: str, category: str, family: str | None = None) -> bool:
        """The rule's scope holds for this platform, category path (globs) and family (the
        category table node the category resolved to; None when it could not be decided)."""
        scope = self.spec.scope
        if scope.platforms is not None and platform not in scope.platforms:
            return False
        memo = self.__dict__.setdefault("_category_memo", {})
        key = (category, family)
        verdict = memo.get(key)
        if verdict is None:
            verdict = (
                (
                    scope.categories is None
                    or any(category_matches(category, g) for g in scope.categories)
                )
                and not any(category_matches(category, g) for g in scope.exclude_categories)
                and family_matches(family, scope.families, scope.exclude_families)
            )
            if len(memo) < 4096:
                memo[key] = verdict
        return verdict


class Context:
    """One draft being checked: the loaded file, the platform and shared text analysis.

    ``resources`` are what the run built once (document types, per-kind shared data, the
    segmenter): read-only for checks."""

    def __init__(
        self, doc: LoadedDraft, platform: str, profile: Platform, today: date, resources: Any
    ) -> None:
        assert doc.draft is not None
        self.doc = doc
        self.draft: Draft = doc.draft
        self.platform = platform
        self.profile = profile
        self.today = today
        self.resources = resources
        self._norm: dict[str, Normalized] = {}
        self.scratch: dict[str, Any] = {}  # per-draft cache shared by rules of one kind

    def shared(self, kind: str) -> Any:
        """The data kind `kind` built once for all its rules (``shared`` hook)."""
        return self.resources.shared(kind)

    @cached_property
    def category(self) -> str:
        """The category as messages name it: as written, or the family the title decided when
        the draft wrote none (服装 > T恤)."""
        written = self.draft.category_path
        if written.strip() or self.family is None:
            return written
        return str(self.resources.categories.path_name(self.family))

    family: str | None = None  # the category table node of the draft (set by the checker)
    resolution: Any = None  # how the category was resolved (listlint.categories.resolve)

    @cached_property
    def fields(self) -> list[tuple[str, str, str]]:
        return self.draft.text_fields()

    def texts(self, rule: Rule) -> Iterable[tuple[str, str]]:
        """(field path, text) of every text field in the rule's scope."""
        names = rule.scope_fields
        for path, scope_name, text in self.fields:
            if scope_name in names:
                yield path, text

    def normalized(self, path: str, text: str) -> Normalized:
        norm = self._norm.get(path)
        if norm is None:
            from listlint.text.normalize import normalize

            norm = self._norm[path] = normalize(text)
        return norm

    def finding(
        self,
        rule: Rule,
        field_path: str,
        *,
        start: int | None = None,
        end: int | None = None,
        message: str | None = None,
        suggestion: str | None = None,
        severity: Severity | None = None,
        match: str = "",
        fix: str | None = None,
        key: bool = False,
        variant: str | None = None,
        **values: Any,
    ) -> Finding:
        """A finding of `rule` at a field, or at characters [start, end) of the field's text.

        ``message`` and ``suggestion`` default to the rule's, or to its ``messages[variant]``
        (a message variant: ``{text: …, suggestion: …}`` or a text); ``{name}`` placeholders
        are filled from ``values`` (plus ``match``, ``platform``).  ``fix`` is the replacement
        text for the span."""
        spec = rule.spec
        if variant is not None:
            text, sugg = spec.variant(variant)
            message = text if message is None else message
            suggestion = sugg if suggestion is None and sugg is not None else suggestion
        found = self.doc.finding(
            field_path,
            spec.id,
            severity or rule.severity,
            "",
            start=start,
            end=end,
            match=match,
            key=key,
        )
        values.setdefault("match", found.match)
        values.setdefault("platform", self.profile.name)
        found.message = fill(message if message is not None else spec.message, values)
        sugg = suggestion if suggestion is not None else spec.suggestion
        found.suggestion = fill(sugg, values) if sugg else None
        found.reference = fill(_reference(spec.reference, self.profile), values)
        if fix is not None and start is not None:
            s, e = self.doc.source.span(self.doc.field_path(field_path), start, end)
            found.fix = Fix(s, e, fix)
        return found


def _reference(reference: str, profile: Platform) -> str:
    """A rule's reference; ``profile:NAME`` takes the platform's (a JD finding cites JD)."""
    if reference.startswith("profile:"):
        found = profile.get(reference[len("profile:") :])
        return str(found) if found else f"{profile.name}的商品发布规范"
    return reference
