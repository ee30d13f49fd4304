"""Load and validate rule packs.  Every problem becomes a ``PackError`` naming file and line."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from listlint.data import PACK_LIMITS, PackError, builtin_rules_dir, read_yaml
from listlint.draft import sourcemap
from listlint.findings import Severity
from listlint.kinds import KINDS, kind
from listlint.kinds.base import Rule
from listlint.kinds.regexes import PatternError
from listlint.packs.model import PackSpec, RuleSpec

__all__ = ["PACK_LIMITS", "LoadedPack", "PackError", "builtin_rules_dir", "load_pack", "read_yaml"]


@dataclass
class LoadedPack:
    name: str
    version: str
    description: str
    file: str
    rules: list[Rule]
    protected: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)


def _line(smap: sourcemap.SourceMap, path: str) -> int:
    return smap.position(smap.span(path)[0])[0]


_TYPE_TAGS = frozenset({"str", "int", "float", "bool", "list", "dict", "none"})


def _branch(part: Any) -> bool:
    """A union branch pydantic names in an error's location (``str``, ``Term``, ``list[...]``),
    not a key."""
    return isinstance(part, str) and (part[:1].isupper() or "[" in part or part in _TYPE_TAGS)


def _loc(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if _branch(part):
            continue
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _is_pattern_error(err: Any) -> bool:
    return isinstance((err.get("ctx") or {}).get("error"), PatternError)


def _first_error(
    exc: ValidationError, smap: sourcemap.SourceMap, file: str, prefix: str, rule_id: str = ""
) -> PackError:
    errors = exc.errors(include_url=False)
    # a bad regex wins over the other members of a union (``terms: [str | Term]``); an item
    # written as a mapping (a term with keys) is wrong as a mapping, not as a string
    mapped = [e for e in errors if "str" not in e["loc"]]
    err = next((e for e in errors if _is_pattern_error(e)), (mapped or errors)[0])
    loc = _loc(tuple(err["loc"]))
    path = f"{prefix}.{loc}" if prefix and loc else (prefix or loc)
    where = f"`{loc}`：" if loc else ""
    msg = _type_text(err)
    if err["type"] == "extra_forbidden":
        name = str(err["loc"][-1]) if err["loc"] else loc
        parent = _loc(tuple(err["loc"][:-1]))
        inside = f"`{parent}`：" if parent else ""
        return PackError(file, _line(smap, path), f"{inside}未知的键“{name}”")
    elif err["type"] == "missing":
        name = str(err["loc"][-1]) if err["loc"] else loc
        # a typo of the key (tems: for terms:) is an unknown key beside the missing one
        parent = tuple(err["loc"][:-1])
        typos = [
            str(e["loc"][-1])
            for e in errors
            if e["type"] == "extra_forbidden" and tuple(e["loc"][:-1]) == parent
        ]
        close = difflib.get_close_matches(name, typos, n=1, cutoff=0.6)
        if close:
            at = _line(smap, f"{prefix}.{close[0]}" if prefix else close[0])
            return PackError(file, at, f"未知的键“{close[0]}”，是否想写“{name}”？")
        return PackError(file, _line(smap, prefix or ""), f"缺少必需的键“{name}”")
    elif _is_pattern_error(err):
        # a regex the pack may not use: reported at the rule, naming it and the pattern's line
        reason = err["ctx"]["error"]
        return PackError(
            file,
            _line(smap, prefix),
            f"规则 {rule_id}：`{loc}`（第 {_line(smap, path)} 行）：{reason}",
        )
    return PackError(file, _line(smap, path), f"{where}{msg}")


def _type_text(err: Any) -> str:
    """pydantic's complaint in Chinese, from the draft pack's table of error types."""
    from listlint.messages import builtin

    types = builtin().data("draft/schema").get("types") or {}
    detail = str(err.get("msg", "")).removeprefix("Value error, ")
    if err["type"] == "value_error":
        return detail
    if err["type"] == "literal_error":
        return f"应为以下之一：{(err.get('ctx') or {}).get('expected', '')}"
    found = types.get(err["type"]) or types.get("other", "{detail}")
    return str(found).replace("{detail}", detail)


def load_pack(path: Path) -> LoadedPack:
    data, smap = read_yaml(path)
    file = str(path)
    if not isinstance(data, dict):
        raise PackError(file, 1, "规则包应是一个映射，含 pack、version、description、rules 等键")
    try:
        spec = PackSpec.model_validate(data)
    except ValidationError as exc:
        raise _first_error(exc, smap, file, "") from None
    rules: list[Rule] = []
    seen: dict[str, int] = {}
    trusted = path.resolve().parent == builtin_rules_dir() / "packs"
    for i, raw in enumerate(spec.rules):
        where = f"rules[{i}]"
        line = _line(smap, where)
        if not isinstance(raw, dict):
            raise PackError(file, line, "每条规则应是一个映射（id、kind、message …）")
        try:
            rspec = RuleSpec.model_validate(raw)
        except ValidationError as exc:
            raise _first_error(exc, smap, file, where) from None
        if rspec.kind not in KINDS:
            guess = difflib.get_close_matches(rspec.kind, list(KINDS), n=1)
            hint = f"，是否想写“{guess[0]}”？" if guess else f"（可选：{'、'.join(KINDS)}）"
            raise PackError(
                file, _line(smap, f"{where}.kind"), f"未知的规则类型“{rspec.kind}”{hint}"
            )
        if rspec.id.split("/")[0] != spec.pack:
            raise PackError(
                file,
                _line(smap, f"{where}.id"),
                f"规则 id“{rspec.id}”应以“{spec.pack}/”开头",
            )
        if rspec.id in seen:
            raise PackError(
                file,
                _line(smap, f"{where}.id"),
                f"规则 id“{rspec.id}”重复（第一次出现在第 {seen[rspec.id]} 行）",
            )
        seen[rspec.id] = line
        k = kind(rspec.kind)
        try:
            params = k.Params.model_validate(rspec.kind_params())
        except ValidationError as exc:
            raise _first_error(exc, smap, file, where, rspec.id) from None
        rule = Rule(
            spec=rspec,
            params=params,
            pack=spec.pack,
            source=f"{file}:{line}",
            pack_data=spec.data,
            severity=Severity.parse(rspec.severity),
            trusted=trusted,
        )
        try:
            k.prepare(rule)
        except Exception as exc:  # a bad regex, a bad parameter: the pack is unusable
            raise PackError(file, line, f"规则 {rspec.id}：{exc}") from None
        rules.append(rule)
    protected = spec.data.get("protected", [])
    return LoadedPack(
        spec.pack, spec.version, spec.description, file, rules, list(protected), spec.data
    )
