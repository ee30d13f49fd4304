"""The engine: load packs, select rules, run them on a draft, post-process findings."""

from __future__ import annotations

import logging
import os
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from listlint.checks import kind_module
from listlint.checks.base import Context, Rule
from listlint.config import Config
from listlint.draft.load import Content, Limits, LoadedDraft, load_draft, load_text
from listlint.findings import Finding, Severity
from listlint.packs.loader import LoadedPack, PackError, builtin_rules_dir, load_pack, read_yaml
from listlint.profiles import Profile, build_profiles
from listlint.suppress import apply as apply_suppressions
from listlint.text.normalize import normalize_term

log = logging.getLogger(__name__)
DATA_FILES = frozenset({"platforms.yaml", "documents.yaml"})


def matches_prefix(rule_id: str, prefix: str) -> bool:
    prefix = prefix.strip().rstrip("/")
    return rule_id == prefix or rule_id.startswith(prefix + "/")


def builtin_pack_files() -> list[Path]:
    folder = builtin_rules_dir()
    return sorted(p for p in folder.glob("*.yaml") if p.name not in DATA_FILES)


class Engine:
    def __init__(
        self, config: Config, packs: list[LoadedPack] | None = None, *, selftest: bool = True
    ) -> None:
        self.config = config
        if packs is None:
            packs = load_packs(config)
        self.packs = packs
        rules_dir = builtin_rules_dir()
        platforms, _ = read_yaml(rules_dir / "platforms.yaml")
        self.profiles: dict[str, Profile] = build_profiles(platforms, config.profiles)
        self.builtin_profiles: dict[str, Profile] = build_profiles(platforms)
        documents, _ = read_yaml(rules_dir / "documents.yaml")
        self.document_types: dict[str, dict[str, Any]] = dict((documents or {}).get("types", {}))
        self.document_names = {k: str(v.get("name", k)) for k, v in self.document_types.items()}
        self.all_rules: list[Rule] = [r for p in packs for r in p.rules]
        for rule in self.all_rules:
            override = self._severity_override(rule.id)
            if override is not None:
                rule.severity = override
        self.rules = [
            r
            for r in self.all_rules
            if r.spec.enabled and self.selected(r.id) and r.kind != "loader"
        ]
        self.limits = Limits(max_file_bytes=config.max_file_bytes, max_nodes=config.max_nodes)
        self._automaton: Any = None
        self._protected: Any = None
        self._plans: dict[tuple[str, str], list[tuple[Rule, Any]]] = {}
        self._today: tuple[float, date] | None = None
        self.cache_key = ""
        self.result_cache: Any = None
        self.jieba_words: list[str] = self._dictionary_words()
        from listlint.text import segment

        segment.add_words(self.jieba_words)
        if selftest:
            for pack in packs:
                run_examples(pack, self)

    def _dictionary_words(self) -> list[str]:
        """Words jieba must know: every term and protected name, and whatever rule kinds
        declare (``dictionary_words(rule)``, e.g. the title lexicons)."""
        words: set[str] = set(self._protected_words())
        for rule in self.all_rules:
            if rule.kind == "terms":
                words.update(k for k in rule.compiled.keys if len(k) > 1)
            extra = getattr(kind_module(rule.kind), "dictionary_words", None)
            if extra is not None:
                words.update(extra(rule))
        return sorted(words)

    @classmethod
    def load(cls, config: Config) -> Engine:
        """An engine for `config`, from the compiled-pack cache when nothing changed.

        The cache key covers the listlint version, the content of every pack, profile and
        lexicon file, and the config; a stale or unreadable cache entry is simply rebuilt."""
        import hashlib
        import pickle

        from listlint import __version__
        from listlint.cache import cache_dir

        digest = hashlib.sha256(__version__.encode())
        # the code that compiled the packs: a changed source file must not load stale objects
        for source in sorted(Path(__file__).resolve().parent.rglob("*.py")):
            try:
                st = source.stat()
            except OSError:
                continue
            digest.update(f"{source.name}:{st.st_size}:{st.st_mtime_ns}".encode())
        rules_dir = builtin_rules_dir()
        files = [*sorted(rules_dir.rglob("*.yaml")), *(Path(p) for p in config.packs)]
        for file in files:
            digest.update(str(file).encode())
            try:
                digest.update(hashlib.sha256(file.read_bytes()).digest())
            except OSError:
                return cls(config)  # let the normal path report the unreadable pack
        digest.update(config.model_dump_json(exclude={"today", "jobs", "source"}).encode())
        target = cache_dir() / f"engine-{digest.hexdigest()[:24]}.pickle"
        try:
            with target.open("rb") as handle:
                engine = _unpickle(handle)
            if isinstance(engine, cls):
                from listlint.text import segment

                engine.config = config
                engine._plans, engine._today = {}, None
                engine.cache_key = target.stem.removeprefix("engine-")
                for rule in engine.all_rules:
                    restore = getattr(kind_module(rule.kind), "restore", None)
                    if restore is not None:
                        restore(rule)
                segment.add_words(engine.jieba_words)
                engine.enable_result_cache(config.base_dir())
                return engine
        except Exception:  # unreadable, truncated, foreign or stale: rebuilt below
            log.debug("engine cache not used", exc_info=True)
        engine = cls(config)
        engine.warm()
        try:
            engine.cache_key = target.stem.removeprefix("engine-")
            import tempfile

            fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(engine, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, target)
            from listlint.cache import prune

            prune("engine-*.pickle", keep=16)
        except (OSError, pickle.PicklingError, TypeError, AttributeError) as exc:
            log.debug("engine cache not written: %s", exc)
        engine.enable_result_cache(config.base_dir())
        return engine

    def warm(self) -> None:
        """Build what is otherwise built lazily, so that it is cached and shared by workers."""
        if self._automaton is None:
            self._automaton = self._build_automaton() or False
        self._protected_words()

    # -- selection ----------------------------------------------------------------------------
    def selected(self, rule_id: str) -> bool:
        cfg = self.config
        if cfg.select and not any(matches_prefix(rule_id, p) for p in cfg.select):
            return False
        return not any(matches_prefix(rule_id, p) for p in cfg.ignore)

    def _severity_override(self, rule_id: str) -> Severity | None:
        best: tuple[int, str] | None = None
        for prefix, level in self.config.severity.items():
            if matches_prefix(rule_id, prefix) and (best is None or len(prefix) > best[0]):
                best = (len(prefix), level)
        return Severity.parse(best[1]) if best else None

    def rule(self, rule_id: str) -> Rule | None:
        return next((r for r in self.all_rules if r.id == rule_id), None)

    # -- shared text analysis -----------------------------------------------------------------
    def _build_automaton(self) -> Any:
        import ahocorasick

        auto = ahocorasick.Automaton()
        entries: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
        for rule in self.all_rules:  # all, so pack self-tests work whatever is selected
            if rule.kind != "terms":
                continue
            for idx, key in enumerate(rule.compiled.keys):
                if key:
                    entries[key].append((rule.id, idx, len(key)))
        for key, value in entries.items():
            auto.add_word(key, value)
        if entries:
            auto.make_automaton()
        return auto if entries else None

    def term_hits(
        self, ctx: Context, path: str, text: str
    ) -> dict[str, list[tuple[int, int, int]]]:
        """Every terms-rule candidate in one field, from one pass of the shared automaton."""
        cache = ctx.scratch.setdefault("term_hits", {})
        hits = cache.get(path)
        if hits is None:
            if self._automaton is None:
                self._automaton = self._build_automaton() or False
            hits = defaultdict(list)
            if self._automaton:
                for end, value in self._automaton.iter(ctx.normalized(path, text).text):
                    for rule_id, idx, length in value:
                        hits[rule_id].append((end - length + 1, end + 1, idx))
            cache[path] = hits
        return hits

    def _protected_words(self) -> dict[str, set[str]]:
        if self._protected is None:
            words: dict[str, set[str]] = defaultdict(set)
            for pack in self.packs:
                for word in pack.protected:
                    words[normalize_term(word)].add(pack.name)
            for word in self.config.allow:
                words[normalize_term(word)].add("*")
            self._protected = {k: v for k, v in words.items() if k}
        return self._protected

    def protected_spans(
        self, ctx: Context, pack: str, path: str, text: str
    ) -> list[tuple[int, int]]:
        """Spans of the normalised field text that terms rules must not flag: the draft's brand,
        the pack's protected names, the user's allow list."""
        cache = ctx.scratch.setdefault("protected", {})
        spans = cache.get(path)
        if spans is None:
            ntext = ctx.normalized(path, text).text
            spans = []
            words = dict(self._protected_words())
            brand = normalize_term(ctx.draft.brand or "")
            if brand:
                words.setdefault(brand, set()).add("*")
            for word, packs in words.items():
                i = ntext.find(word)
                while i != -1:
                    spans.append((i, i + len(word), packs))
                    i = ntext.find(word, i + 1)
            cache[path] = spans
        return [(s, e) for s, e, packs in spans if "*" in packs or pack in packs]

    def resolve_path(self, ctx: Context, relative: str) -> Path | None:
        """A local path named in a draft, relative to the draft's folder; None for URLs."""
        if relative.startswith(("http://", "https://")):
            return None
        return ctx.doc.root / relative

    # -- running ------------------------------------------------------------------------------
    def platform_of(self, doc: LoadedDraft) -> str:
        if doc.draft is not None and doc.draft.platform:
            return doc.draft.platform
        return self.config.platform

    def check_doc(
        self,
        doc: LoadedDraft,
        rules: Iterable[Rule] | None = None,
        today: date | None = None,
        *,
        default_profiles: bool = False,
    ) -> list[Finding]:
        """Findings of one loaded draft.  ``default_profiles`` ignores the user's profile
        overrides (pack self-tests must behave the same whatever the config says)."""
        findings = [f for f in doc.findings if self.selected(f.rule)]
        for f in findings:
            override = self._severity_override(f.rule)
            if override is not None:
                f.severity = override
        if doc.draft is not None:
            platform = self.platform_of(doc)
            profiles = self.builtin_profiles if default_profiles else self.profiles
            profile = profiles.get(platform) or Profile(platform)
            ctx = Context(doc, platform, profile, today or self._effective_today(), self)
            plan = (
                self._plan(platform, ctx.category)
                if rules is None
                else [(r, kind_module(r.kind).check) for r in rules]
            )
            for rule, check in plan:
                if rules is not None and not rule.applies_to(platform, ctx.category):
                    continue
                try:
                    findings.extend(check(rule, ctx))
                except Exception as exc:  # a bug in a check must not stop the run
                    log.debug("rule %s crashed", rule.id, exc_info=True)
                    findings.append(
                        doc.finding(
                            "",
                            "listlint/internal-error",
                            Severity.ERROR,
                            f"规则 {rule.id} 运行出错：{exc!r}",
                        )
                    )
        return apply_suppressions(self, doc, dedupe(findings), report_unused=rules is None)

    def _plan(self, platform: str, category: str) -> list[tuple[Rule, Any]]:
        """The selected rules that apply to a platform and category, with their check
        functions: decided once per (platform, category), not once per draft and rule."""
        key = (platform, category)
        plan = self._plans.get(key)
        if plan is None:
            plan = []
            for rule in self.rules:
                module = kind_module(rule.kind)
                applies = getattr(module, "applies", None)  # a kind's own static condition
                if rule.applies_to(platform, category) and (
                    applies is None or applies(rule, platform, category)
                ):
                    plan.append((rule, module.check))
            if len(self._plans) >= 4096:
                self._plans.clear()
            self._plans[key] = plan
        return plan

    def _effective_today(self) -> date:
        """The configured date, or today's (looked up at most once a minute)."""
        if self.config.today is not None:
            return self.config.today
        import time

        now = time.monotonic()
        if self._today is None or now - self._today[0] > 60:
            self._today = (now, date.today())
        return self._today[1]

    def check_file(self, file: Path, display: str) -> list[Finding]:
        return self.check_file_deps(file, display)[0]

    def check_file_deps(
        self, file: Path, display: str, content: Content | None = None
    ) -> tuple[list[Finding], list[Path]]:
        """Findings of one file, and the local files (images, scans) they depend on;
        `content`: the file as already read (``draft.load.read_content``)."""
        out: list[Finding] = []
        deps: list[Path] = []
        for doc in load_draft(file, display, self.limits, content):
            out.extend(self.check_doc(doc))
            deps.extend(self._local_files(doc))
        return out, deps

    def _local_files(self, doc: LoadedDraft) -> list[Path]:
        """Files inside the draft's folder that findings depend on (never outside paths)."""
        if doc.draft is None:
            return []
        from listlint.checks.documents import classify

        names = [im.path for im in doc.draft.images] + [
            d.file for d in doc.draft.documents if d.file
        ]
        out = []
        for name in names:
            status, target = classify(doc.root, name)
            if status == "local" and target is not None and "\0" not in name:
                out.append(target)
        return out

    def enable_result_cache(self, root: Path) -> None:
        """Use ``root/.listlint_cache`` for results (only engines built by ``load`` have a key;
        ``cache: false`` / ``--no-cache`` turns the result cache off, not the pack cache)."""
        from listlint.resultcache import ResultCache

        if self.cache_key and self.config.cache:
            self.result_cache = ResultCache(
                root, self.cache_key, self.config.effective_today().isoformat()
            )


def _unpickle(handle: Any) -> Any:
    """`pickle.load` with the cyclic collector paused: unpickling allocates tens of thousands of
    long-lived objects, and each allocation burst would otherwise trigger collections that walk
    all of them (a third of the load time)."""
    import gc
    import pickle

    enabled = gc.isenabled()
    gc.disable()
    try:
        return pickle.load(handle)
    finally:
        if enabled:
            gc.enable()


def dedupe(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple[str, int, int, int, int, str]] = set()
    out = []
    for f in sorted(findings, key=Finding.sort_key):
        key = (f.rule, f.line, f.column, f.end_line, f.end_column, f.field)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def load_packs(config: Config, extra: Iterable[str] = ()) -> list[LoadedPack]:
    files: list[Path] = (
        builtin_pack_files() if config.builtin_packs else [builtin_rules_dir() / "draft.yaml"]
    )
    files += [Path(p) for p in config.packs] + [Path(p) for p in extra]
    packs: list[LoadedPack] = []
    names: dict[str, str] = {}
    for file in files:
        pack = load_pack(file)
        if pack.name in names:
            raise PackError(
                str(file), 1, f"pack name '{pack.name}' is already used by {names[pack.name]}"
            )
        names[pack.name] = str(file)
        packs.append(pack)
    return packs


# -- pack self-tests -------------------------------------------------------------------------------
_FIELD_SLOTS = {
    "title": "title",
    "text": "title",
    "subtitle": "subtitle",
    "description": "description",
    "selling_points": "selling_points",
    "attributes": "attributes",
    "skus.name": "skus",
    "images.alt": "images",
}


def example_draft(rule: Rule, example: str | dict[str, Any]) -> dict[str, Any]:
    scope = rule.spec.scope
    category = "其他"
    if scope.categories:
        category = (
            scope.categories[0].replace("/**", "").replace("**/", "").replace("*", "其他") or "其他"
        )
    draft: dict[str, Any] = {
        "platform": (scope.platforms or ["taobao"])[0],
        "category": category,
        "title": "示例商品",
    }
    if isinstance(example, dict):
        draft.update(example)
        return draft
    slot = _FIELD_SLOTS.get(scope.fields[0], "title") if scope.fields else "title"
    if slot == "selling_points":
        draft[slot] = [example]
    elif slot == "attributes":
        draft[slot] = {"说明": example}
    elif slot == "skus":
        draft[slot] = [{"name": example, "price": 99}]
    elif slot == "images":
        draft[slot] = [{"path": "https://img.example.com/a.jpg", "role": "main", "alt": example}]
    else:
        draft[slot] = example
    return draft


def run_examples(pack: LoadedPack, engine: Engine) -> None:
    """A pack tests itself: every bad example must produce a finding of its rule, every good
    example none.  A pack whose examples fail does not load."""
    for rule in pack.rules:
        for verdict, examples in (
            ("bad", rule.spec.examples.bad),
            ("good", rule.spec.examples.good),
        ):
            for example in examples:
                data = example_draft(rule, example)
                text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
                doc = load_text(text, Path(pack.file).parent / "example.yaml", "example.yaml")
                if doc.draft is None:
                    problems = "; ".join(f.message for f in doc.findings)
                    raise PackError(
                        rule.source.rsplit(":", 1)[0],
                        int(rule.source.rsplit(":", 1)[1]),
                        f"rule '{rule.id}': {verdict} example is not a valid draft "
                        f"({problems}): {example!r}",
                    )
                found = engine.check_doc(doc, [rule], default_profiles=True)
                found = [f for f in found if f.rule == rule.id]
                if (verdict == "bad") != bool(found):
                    what = (
                        "produces no finding"
                        if verdict == "bad"
                        else f"is flagged ({found[0].message})"
                    )
                    file, line = rule.source.rsplit(":", 1)
                    raise PackError(
                        file, int(line), f"rule '{rule.id}': {verdict} example {what}: {example!r}"
                    )
