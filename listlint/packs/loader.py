"""Load and validate rule packs.  Every problem becomes a ``PackError`` naming file and line."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from listlint.checks import KINDS, kind_module
from listlint.checks.base import Rule
from listlint.draft import sourcemap
from listlint.draft.load import Limits, YAMLLimitError, parse_yaml
from listlint.findings import Severity
from listlint.packs.model import PackSpec, RuleSpec

# packs are bigger than drafts (a 100,000-term list is fine) but just as bounded
PACK_LIMITS = Limits(max_file_bytes=64 * 1024 * 1024, max_nodes=2_000_000, max_depth=200)


class PackError(Exception):
    """A rule pack cannot be used; ``str()`` is ``file:line: reason``."""

    def __init__(self, file: str, line: int, message: str) -> None:
        super().__init__(f"{file}:{line}: {message}")
        self.file, self.line, self.reason = file, line, message


@dataclass
class LoadedPack:
    name: str
    version: str
    description: str
    file: str
    rules: list[Rule]
    protected: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)


def builtin_rules_dir() -> Path:
    """The built-in packs: inside the installed package, or ``rules/`` of a source checkout."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "rules", here.parent / "rules"):
        if (candidate / "platforms.yaml").is_file():
            return candidate
    raise PackError(str(here / "rules"), 0, "built-in rules folder not found (broken install?)")


def read_yaml(path: Path) -> tuple[Any, sourcemap.SourceMap]:
    """Parse a YAML file into data and a source map; syntax errors become PackError."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError(str(path), 0, f"cannot read: {exc}") from None
    try:
        data, node = parse_yaml(text, PACK_LIMITS)
        smap = sourcemap.build(node, text, max_nodes=PACK_LIMITS.max_nodes)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise PackError(
            str(path), (mark.line + 1) if mark else 0, f"YAML syntax error: {exc.problem}"
        ) from None
    except (YAMLLimitError, sourcemap.NodeBudgetExceeded) as exc:
        raise PackError(str(path), 0, f"refused: {exc or 'too many nodes'}") from None
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        raise PackError(str(path), 0, f"YAML error: {exc}") from None
    return data, smap


def _line(smap: sourcemap.SourceMap, path: str) -> int:
    return smap.position(smap.span(path)[0])[0]


def _loc(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _first_error(
    exc: ValidationError, smap: sourcemap.SourceMap, file: str, prefix: str
) -> PackError:
    err = exc.errors(include_url=False)[0]
    loc = _loc(tuple(err["loc"]))
    path = f"{prefix}.{loc}" if prefix and loc else (prefix or loc)
    where = f"`{loc}`: " if loc else ""
    msg = err["msg"]
    if err["type"] == "extra_forbidden":
        msg = "unknown key"
    elif err["type"] == "missing":
        msg = "required key missing"
        path = prefix or ""
    return PackError(file, _line(smap, path), f"{where}{msg}")


def load_pack(path: Path) -> LoadedPack:
    data, smap = read_yaml(path)
    file = str(path)
    if not isinstance(data, dict):
        raise PackError(file, 1, "a pack is a mapping with keys pack, version, description, rules")
    try:
        spec = PackSpec.model_validate(data)
    except ValidationError as exc:
        raise _first_error(exc, smap, file, "") from None
    rules: list[Rule] = []
    seen: dict[str, int] = {}
    trusted = path.resolve().parent == builtin_rules_dir()
    for i, raw in enumerate(spec.rules):
        where = f"rules[{i}]"
        line = _line(smap, where)
        if not isinstance(raw, dict):
            raise PackError(file, line, "a rule is a mapping")
        try:
            rspec = RuleSpec.model_validate(raw)
        except ValidationError as exc:
            raise _first_error(exc, smap, file, where) from None
        if rspec.kind not in KINDS:
            guess = difflib.get_close_matches(rspec.kind, list(KINDS), n=1)
            hint = f"; did you mean '{guess[0]}'?" if guess else f" (kinds: {', '.join(KINDS)})"
            raise PackError(
                file, _line(smap, f"{where}.kind"), f"unknown rule kind '{rspec.kind}'{hint}"
            )
        if rspec.id.split("/")[0] != spec.pack:
            raise PackError(
                file,
                _line(smap, f"{where}.id"),
                f"rule id '{rspec.id}' must start with '{spec.pack}/'",
            )
        if rspec.id in seen:
            raise PackError(
                file,
                _line(smap, f"{where}.id"),
                f"duplicate rule id '{rspec.id}' (first on line {seen[rspec.id]})",
            )
        seen[rspec.id] = line
        module = kind_module(rspec.kind)
        try:
            params = module.Params.model_validate(rspec.kind_params())
        except ValidationError as exc:
            raise _first_error(exc, smap, file, where) from None
        rule = Rule(
            spec=rspec,
            params=params,
            pack=spec.pack,
            source=f"{file}:{line}",
            pack_data=spec.data,
            severity=Severity.parse(rspec.severity),
            trusted=trusted,
        )
        prepare = getattr(module, "prepare", None)
        if prepare is not None:
            try:
                prepare(rule)
            except Exception as exc:  # a bad regex, a bad parameter: the pack is unusable
                raise PackError(file, line, f"rule '{rspec.id}': {exc}") from None
        rules.append(rule)
    protected = spec.data.get("protected", [])
    return LoadedPack(
        spec.pack, spec.version, spec.description, file, rules, list(protected), spec.data
    )
