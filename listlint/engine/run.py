"""Run the rules on loaded drafts: the platform and rule plan of each draft, the checks, the
config's severities, de-duplication and suppressions.  No I/O but what the checks do."""

from __future__ import annotations

import dataclasses
import logging
import time
import unicodedata
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from listlint.categories.resolve import Resolution, resolve
from listlint.categories.table import CategoryTable
from listlint.draft.load import Content, LoadedDraft, has_draft_suffix, load_draft
from listlint.engine.select import Plans
from listlint.engine.suppress import apply as apply_suppressions
from listlint.findings import NOT_A_DRAFT, Finding
from listlint.kinds import kind
from listlint.kinds.base import Context, Rule
from listlint.kinds.regexes import DRAFT_BUDGET, FIELD_BUDGET
from listlint.kinds.regexes import budget as regex_budget
from listlint.platforms import Platform

if TYPE_CHECKING:
    from listlint.engine.resources import Resources

log = logging.getLogger(__name__)


class Checker:
    """Checks drafts with the rules of `resources`; `today` (default: the config's, else the
    current date) is the date documents are judged on."""

    def __init__(self, resources: Resources, today: date | None = None) -> None:
        self.resources = resources
        self.config = resources.config
        self.selection = resources.selection
        self.plans = Plans(resources.selected_rules())
        self._today = today or resources.config.today
        self._clock: tuple[float, date] | None = None
        self._resolved: dict[str, Resolution] = {}  # category as written → its resolution

    @property
    def rules(self) -> list[Rule]:
        return self.plans.rules

    def today(self) -> date:
        """The configured date, or today's (looked up at most once a minute)."""
        if self._today is not None:
            return self._today
        now = time.monotonic()
        if self._clock is None or now - self._clock[0] > 60:
            self._clock = (now, date.today())
        return self._clock[1]

    def platform_of(self, doc: LoadedDraft) -> str:
        """The draft's platform id (its alias resolved), else the config's; an unknown name is
        reported on the draft (``draft/unknown-platform``) and the default platform is used."""
        written = doc.draft.platform if doc.draft is not None else None
        if not written:
            return self.config.platform
        platforms = self.resources.platforms
        found = platforms.resolve(written)
        if found is not None:
            return found
        if any(f.rule == "draft/unknown-platform" for f in doc.findings):
            return self.config.platform  # reported already (a second check of this draft)
        guess = platforms.suggest(written)
        doc.report(
            "draft/unknown-platform",
            None,
            "platform",
            match=written,
            name=written,
            hint=f"，是否想写 {guess}？" if guess else "",
            default=self.config.platform,
            platforms="、".join(platforms.ids),
        )
        return self.config.platform

    def check_doc(
        self,
        doc: LoadedDraft,
        rules: Iterable[Rule] | None = None,
        *,
        default_profiles: bool = False,
    ) -> list[Finding]:
        """Findings of one loaded draft.  ``rules``: only these (pack self-tests), with the
        platforms as shipped when ``default_profiles`` (the user's overrides must not change
        what a pack's examples mean)."""
        doc.messages = doc.messages or self.resources.messages
        if doc.not_draft and not self._included(doc):
            # not a draft: one marker, whatever the selection; reports count it as skipped
            return [doc.make(NOT_A_DRAFT)]
        found = list(doc.findings)
        if doc.draft is not None:
            platform = self.platform_of(doc)
            found = [*doc.findings, *self._run(doc, platform, rules, default_profiles)]
        # an explicit rule list (a pack's self-test) runs whatever the selection says
        findings = [f for f in found if rules is not None or self.selection.selected(f.rule)]
        for f in findings:
            override = self.selection.severity_override(f.rule)
            if override is not None:
                f.severity = override
        return apply_suppressions(
            self.resources, self.selection, doc, dedupe(findings), report_unused=rules is None
        )

    def _included(self, doc: LoadedDraft) -> bool:
        """Whether a config ``include`` glob makes the file a draft whatever it holds."""
        from listlint.files import matches

        include = self.config.include
        return (
            bool(include)
            and has_draft_suffix(doc.file)
            and matches(doc.file, doc.path, include, self.config.base_dir())
        )

    def _run(
        self, doc: LoadedDraft, platform: str, rules: Iterable[Rule] | None, default: bool
    ) -> list[Finding]:
        platforms = self.resources.builtin_platforms if default else self.resources.platforms
        profile = platforms.get(platform) or Platform(platform)
        ctx = Context(doc, platform, profile, self.today(), self.resources)
        resolution = self.resolve_category(doc)
        ctx.family, ctx.resolution = resolution.node, resolution
        out: list[Finding] = category_findings(doc, resolution, self.resources.categories)
        if rules is None:
            plan = self.plans(platform, ctx.category, ctx.family)
        else:
            plan = [
                (r, kind(r.kind).check)
                for r in rules
                if r.applies_to(platform, ctx.category, ctx.family)
            ]
        with regex_budget():  # limited regex searches: bounded time per text and per draft
            for rule, check in plan:
                try:
                    out.extend(check(rule, ctx))
                except MemoryError:  # not a rule's bug: the run cannot go on (exit 2)
                    raise
                except TimeoutError:  # the draft's regex time budget is spent: say so
                    found = doc.make(
                        "draft/check-timeout",
                        rule=rule.id,
                        field_budget=FIELD_BUDGET,
                        draft_budget=DRAFT_BUDGET,
                    )
                    if rule.severity < found.severity:  # an advice rule's timeout is advice
                        found = dataclasses.replace(found, severity=rule.severity)
                    out.append(found)
                except Exception as exc:  # a bug in a check must not stop the run
                    log.debug("rule %s crashed", rule.id, exc_info=True)
                    error = repr(exc)[:300]
                    out.append(doc.make("draft/internal-error", rule=rule.id, error=error))
        return out

    def resolve_category(self, doc: LoadedDraft) -> Resolution:
        """The draft's category resolved to a family; a resolution that needs the title (a
        category that says nothing, or an ambiguous name) is made per draft, others once."""
        assert doc.draft is not None
        written = doc.draft.category
        found = self._resolved.get(written)
        if found is not None:
            return found
        used: list[tuple[list[tuple[str, str]], list[tuple[str, str]]]] = []

        def title() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
            if not used:
                used.append(self._title_nodes(doc))
            return used[0]

        def from_title() -> list[tuple[str, str]]:
            return title()[0]

        def others() -> list[tuple[str, str]]:
            return title()[1]

        from_title.others = others  # type: ignore[attr-defined]
        found = resolve(self.resources.categories, written, from_title)
        if not used:
            if len(self._resolved) >= 8192:
                self._resolved.clear()
            self._resolved[written] = found
        return found

    def _title_nodes(self, doc: LoadedDraft) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        """The nodes the title's product words name, and those its other words name."""
        from listlint.categories.words import title_nodes, word_nodes
        from listlint.title.anatomy import analyze_title

        assert doc.draft is not None
        lexicon = self.resources.shared("structure")
        if lexicon is None or not doc.draft.title.strip():
            return [], []
        anatomy = analyze_title(doc.draft.title, doc.draft.brand, None, lexicon)
        table = self.resources.categories
        return title_nodes(table, anatomy), word_nodes(table, anatomy)

    def check_file(
        self, file: Path, display: str, content: Content | None = None
    ) -> tuple[list[Finding], list[Path]]:
        """Findings of one file, and the local files (images, scans) they depend on;
        `content`: the file as already read (``draft.load.read_content``)."""
        out: list[Finding] = []
        deps: list[Path] = []
        for doc in load_draft(
            file, display, self.resources.limits, content, self.resources.messages
        ):
            out.extend(self.check_doc(doc))
            deps.extend(local_files(doc))
        return out, deps


def local_files(doc: LoadedDraft) -> list[Path]:
    """Files inside the draft's folder that findings depend on (never outside paths)."""
    if doc.draft is None:
        return []
    from listlint.kinds.documents import classify

    names = [im.path for im in doc.draft.images] + [d.file for d in doc.draft.documents if d.file]
    out = []
    for name in names:
        status, target = classify(doc.root, name)
        if status == "local" and target is not None and "\0" not in name:
            out.append(target)
    return out


def dedupe(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple[str, int, int, int, int, str]] = set()
    out = []
    for f in sorted(findings, key=Finding.sort_key):
        key = (f.rule, f.line, f.column, f.end_line, f.end_column, f.field)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def category_findings(
    doc: LoadedDraft, resolution: Resolution, table: CategoryTable
) -> list[Finding]:
    """What the draft is told about its category: not understood (``draft/unknown-category``,
    with the nearest known names; when the title decided instead, it says so), a typo read as
    a known name, an ambiguous name.  Nothing is skipped without a word."""
    text = resolution.text
    control = [f"\\x{ord(c):02x}" for c in text if unicodedata.category(c) == "Cc"]
    head = [doc.make("draft/schema", "control", "category", chars="、".join(control[:3]))]
    head = head if control else []
    if resolution.node is None:
        hint = "、".join(resolution.suggestions[:3])
        variant = resolution.problem if resolution.problem in ("empty", "vague") else "unknown"
        nearest = f"（最接近的已知类目：{hint}）" if hint else ""
        return [*head, doc.make("draft/unknown-category", variant, "category",
                                text=_short(text), nearest=nearest)]  # fmt: skip
    path = table.path_name(resolution.node)
    span = _evidence_span(text, resolution.evidence)
    out: list[Finding] = head
    if resolution.how == "title":
        variant = {"empty": "empty-inferred", "vague": "inferred"}.get(
            resolution.problem or "", "unknown-inferred"
        )
        out.append(doc.make("draft/unknown-category", variant, "category", text=_short(text),
                            word=resolution.evidence, family=path))  # fmt: skip
    elif resolution.typo is not None:
        written, name = resolution.typo
        found = doc.make("draft/category-typo", None, "category", written=written, name=name,
                         family=path)  # fmt: skip
        out.append(_at(doc, found, span))
    if resolution.problem == "ambiguous":
        others = "、".join(table.path_name(a) for a in resolution.alternatives[:3])
        found = doc.make("draft/ambiguous-category", None, "category", name=resolution.evidence,
                         family=path, others=others)  # fmt: skip
        out.append(_at(doc, found, span))
    return out


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _evidence_span(text: str, evidence: str) -> tuple[int, int] | None:
    if not evidence:
        return None
    i = text.find(evidence)
    return (i, i + len(evidence)) if i >= 0 else None


def _at(doc: LoadedDraft, found: Finding, span: tuple[int, int] | None) -> Finding:
    """Move a category finding onto the characters of the category that decided it."""
    if span is None:
        return found
    placed = doc.finding("category", found.rule, found.severity, found.message,
                         start=span[0], end=span[1])  # fmt: skip
    placed.suggestion, placed.reference = found.suggestion, found.reference
    return placed
