"""Resources: everything a run builds once from its config and passes to the checks.

Rule packs (compiled), platforms, document types, finding texts, the data each rule kind shares
across its rules (the terms automaton, the title lexicon), and the segmenter.  Built in memory
by ``Resources(config)``; ``listlint.engine.cache`` keeps a compiled copy on disk for the CLI.
Nothing here changes global state: a second Resources with another config lives beside the
first.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from listlint.categories.table import CategoryTable, CategoryTableError
from listlint.categories.table import load as load_categories
from listlint.config import Config, ConfigError
from listlint.data import PackError, builtin_rules_dir, read_yaml
from listlint.engine.select import Selection
from listlint.kinds import kind
from listlint.kinds.base import Rule
from listlint.messages import Messages
from listlint.packs.loader import LoadedPack, load_pack
from listlint.platforms import Platforms, build_platforms
from listlint.safeyaml import Limits
from listlint.text.normalize import normalize_term
from listlint.text.segment import Segmenter


def builtin_pack_files() -> list[Path]:
    return sorted((builtin_rules_dir() / "packs").glob("*.yaml"))


def load_packs(config: Config, extra: Iterable[str] = ()) -> list[LoadedPack]:
    files: list[Path] = (
        builtin_pack_files()
        if config.builtin_packs
        else [builtin_rules_dir() / "packs" / "draft.yaml"]
    )
    files += [Path(p) for p in config.packs] + [Path(p) for p in extra]
    packs: list[LoadedPack] = []
    names: dict[str, str] = {}
    for file in files:
        pack = load_pack(file)
        if pack.name in names:
            raise PackError(str(file), 1, f"规则包名称“{pack.name}”已被 {names[pack.name]} 使用")
        names[pack.name] = str(file)
        packs.append(pack)
    return packs


def _check_profile_references(rules: list[Rule], platforms: Platforms) -> None:
    """Every ``profile:NAME`` a rule writes (in its parameters or its reference) names a
    parameter some platform defines: a typo would silently switch a limit off."""
    from listlint.platforms import parameter_names, unknown_reference

    names = parameter_names(platforms)
    for rule in rules:
        found = unknown_reference([rule.spec.reference, rule.spec.kind_params()], names)
        if found is not None:
            name, close = found
            hint = f"，是否想写 profile:{close}？" if close else "（见 rules/platforms/）"
            file, line = rule.source.rsplit(":", 1)
            raise PackError(file, int(line), f"规则 {rule.id}：未知的平台参数 profile:{name}{hint}")


class Resources:
    def __init__(self, config: Config, packs: list[LoadedPack] | None = None) -> None:
        from listlint.platforms import PlatformError

        self.config = config
        self.packs = packs if packs is not None else load_packs(config)
        rules_dir = builtin_rules_dir()
        try:
            self.platforms: Platforms = build_platforms(
                rules_dir / "platforms", config.platforms, config.profiles,
                where=config.source or "config",
            )  # fmt: skip
        except PlatformError as exc:  # the config's platforms or profiles (it names itself)
            raise ConfigError(str(exc)) from None
        self.builtin_platforms: Platforms = build_platforms(rules_dir / "platforms")
        try:
            self.categories: CategoryTable = load_categories(rules_dir, config.categories)
        except CategoryTableError as exc:
            raise PackError(config.source or "config", 0, f"`categories`: {exc}") from None
        documents, _ = read_yaml(rules_dir / "documents.yaml")
        self.document_types: dict[str, dict[str, Any]] = dict((documents or {}).get("types", {}))
        self.document_names = {k: str(v.get("name", k)) for k, v in self.document_types.items()}
        self.selection = Selection(config.select, config.ignore, config.severity)
        self.rules: list[Rule] = [r for p in self.packs for r in p.rules]
        _check_profile_references(self.rules, self.platforms)
        self.by_id: dict[str, Rule] = {r.id: r for r in self.rules}
        self._check_families()
        for rule in self.rules:
            override = self.selection.severity_override(rule.id)
            if override is not None:
                rule.severity = override
        self.limits = Limits(max_file_bytes=config.max_file_bytes, max_nodes=config.max_nodes)
        self.messages = Messages.from_specs(
            [r.spec for p in self.packs for r in p.rules if p.name == "draft"],
            next((p.data for p in self.packs if p.name == "draft"), {}),
        )
        self._protected: dict[str, set[str]] | None = None
        self._shared: dict[str, Any] = {}
        self.dictionary = self._dictionary_words()
        self._segmenter: Segmenter | None = None

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_segmenter"] = None  # an mmap: opened again on first use
        return state

    # -- lookups ---------------------------------------------------------------------------
    def rule(self, rule_id: str) -> Rule | None:
        return self.by_id.get(rule_id)

    def selected_rules(self) -> list[Rule]:
        return [
            r
            for r in self.rules
            if r.spec.enabled and self.selection.selected(r.id) and r.kind != "loader"
        ]

    def protected_words(self) -> dict[str, set[str]]:
        """Names terms rules never flag: normalised word → packs it protects in (``*``: all)."""
        if self._protected is None:
            words: dict[str, set[str]] = defaultdict(set)
            for pack in self.packs:
                for word in pack.protected:
                    words[normalize_term(word)].add(pack.name)
            for word in self.config.allow:
                words[normalize_term(word)].add("*")
            self._protected = {k: v for k, v in words.items() if k}
        return self._protected

    def shared(self, name: str) -> Any:
        """The data rule kind `name` shares across its rules (its ``shared`` hook), built once."""
        found = self._shared.get(name)
        if found is None:
            build = kind(name).shared
            rules = [r for r in self.rules if r.kind == name]
            found = self._shared[name] = build(rules, self) if build is not None else None
        return found

    def segmenter(self) -> Segmenter:
        """jieba plus every term and protected name of the packs (so that a term is a word)."""
        if self._segmenter is None:
            self._segmenter = Segmenter(self.dictionary)
        return self._segmenter

    def _dictionary_words(self) -> list[str]:
        words: set[str] = set(self.protected_words())
        for rule in self.rules:
            words.update(kind(rule.kind).dictionary_words(rule))
        return sorted(words)

    def _check_families(self) -> None:
        """Every family a rule names exists in the category table (a pack error otherwise)."""
        import difflib

        nodes = self.categories.nodes
        for rule in self.rules:
            for family in _families_of(rule):
                if family not in nodes:
                    close = difflib.get_close_matches(family, list(nodes), n=1)
                    hint = f"，是否想写 {close[0]}？" if close else ""
                    file, _, line = rule.source.rpartition(":")
                    raise PackError(
                        file, int(line or 0), f"规则 {rule.id}：未知的类目族 {family!r}{hint}"
                    )

    def warm(self) -> None:
        """Build what is otherwise built lazily, so that a cached or forked copy has it."""
        for name in {r.kind for r in self.rules}:
            self.shared(name)


def _families_of(rule: Rule) -> list[str]:
    """The family ids a rule refers to: its scope, its conditions, its terms."""
    scope = rule.spec.scope
    out = [*(scope.families or ()), *scope.exclude_families]
    params = rule.params
    conditions = [
        getattr(params, "when", None),
        *(getattr(params, "any_of", None) or ()),
        *(getattr(params, "unless", None) or ()),
    ]
    for cond in conditions:
        if cond is not None:
            out += [*(getattr(cond, "families", None) or ()), *getattr(cond, "not_families", ())]
    compiled = rule.compiled
    for item in getattr(compiled, "terms", ()) or ():
        out += [*(getattr(item, "families", None) or ()), *getattr(item, "exclude_families", ())]
    return out
