"""Platforms as data: ``rules/platforms/<id>.yaml`` (one file a platform) plus the user's config.

A platform has an id (``taobao``), a Chinese name, the aliases sellers type (淘宝, 京东 …) and its
parameters: title limit and how it counts, image sizes, severities, references.  Rules read a
parameter by writing ``profile:NAME`` for a number or a text; the config changes a platform's
numbers (``profiles: {jd: {title_max: 50}}``) or adds a platform (``platforms: {xianyu: {…}}``).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from listlint.text.normalize import normalize_term

# parameters that must be numbers when they are set (a typo must not switch a rule off)
NUMERIC = frozenset(
    {
        "title_max",
        "title_max_common",
        "title_core_within",
        "title_max_repeat",
        "main_image_min",
        "main_image_max_bytes",
        "description_min",
        "description_max",
        "selling_point_max",
        "subtitle_max",
        "presale_max_days",
        "detail_image_min_width",
        "detail_image_max_width",
        "detail_image_max_height",
        "detail_image_max_count",
    }
)
CHOICES = {
    "title_mode": ("units", "chars"),
    "white_background": ("error", "warning", "info", "off"),
}


class PlatformError(ValueError):
    """A platform definition or override that makes no sense."""


@dataclass(frozen=True)
class Platform:
    """One platform's parameters (the "profile" rules read with ``profile:NAME``)."""

    platform: str
    params: Mapping[str, Any] = field(default_factory=dict)
    aliases: tuple[str, ...] = ()

    def get(self, name: str, default: Any = None) -> Any:
        return self.params.get(name, default)

    def __getitem__(self, name: str) -> Any:
        return self.params[name]

    @property
    def name(self) -> str:
        return str(self.params.get("name", self.platform))


# the old name: a platform profile
Profile = Platform


class Platforms:
    """The platforms of a run, by id, with their aliases."""

    def __init__(self, platforms: Iterable[Platform]) -> None:
        self.by_id: dict[str, Platform] = {p.platform: p for p in platforms}
        self.aliases: dict[str, str] = {}
        for p in self.by_id.values():
            for alias in (p.platform, p.name, *p.aliases):
                key = normalize_term(alias)
                if key:
                    self.aliases.setdefault(key, p.platform)

    def __contains__(self, name: object) -> bool:
        return name in self.by_id

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.by_id.values())

    def get(self, name: str) -> Platform | None:
        return self.by_id.get(name)

    @property
    def ids(self) -> list[str]:
        return list(self.by_id)

    def resolve(self, name: str) -> str | None:
        """The id of a platform written as its id, Chinese name or an alias (淘宝, 京东)."""
        if name in self.by_id:
            return name
        return self.aliases.get(normalize_term(name))

    def suggest(self, name: str) -> str | None:
        """The closest id or alias to a misspelt platform name."""
        options = [*self.by_id, *self.aliases]
        close = difflib.get_close_matches(normalize_term(name) or name, options, n=1, cutoff=0.5)
        return self.aliases.get(close[0], close[0]) if close else None

    def describe(self) -> str:
        return ", ".join(f"{p.platform}（{p.name}）" for p in self.by_id.values())


def _check(platform: str, params: Mapping[str, Any], where: str) -> None:
    for key, value in params.items():
        bad_number = isinstance(value, bool) or not isinstance(value, int | float) or value <= 0
        if key in NUMERIC and value is not None and bad_number:
            raise PlatformError(
                f"{where}: 平台 {platform!r} 的 `{key}` 必须是正数，而不是 {value!r}"
            )
        if key in CHOICES and value not in CHOICES[key]:
            options = ", ".join(CHOICES[key])
            raise PlatformError(
                f"{where}: 平台 {platform!r} 的 `{key}` 应为 {options} 之一，而不是 {value!r}"
            )


def _merge(
    raw: Mapping[str, Mapping[str, Any]], defaults: Mapping[str, Any]
) -> dict[str, dict[str, Any]]:
    """Resolve ``extends:`` (one level after another; a cycle is an error)."""
    done: dict[str, dict[str, Any]] = {}

    def build(pid: str, trail: tuple[str, ...]) -> dict[str, Any]:
        if pid in done:
            return done[pid]
        if pid in trail:
            raise PlatformError(f"平台 {pid!r} 的 `extends` 形成循环（{' → '.join(trail)}）")
        spec = raw[pid]
        base: dict[str, Any] = dict(defaults)
        parent = spec.get("extends")
        if parent:
            if parent not in raw:
                raise PlatformError(f"平台 {pid!r} 的 `extends` 指向未知平台 {parent!r}")
            base = dict(build(str(parent), (*trail, pid)))
            base.pop("aliases", None)
        base.update(spec.get("params") or {})
        base["name"] = spec.get("name") or base.get("name") or pid
        base["aliases"] = list(spec.get("aliases") or [])
        done[pid] = base
        return base

    for pid in raw:
        build(pid, ())
    return done


def read_builtin(folder: Path) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """(defaults, {id: spec}) of the built-in platform files."""
    from listlint.data import read_yaml

    defaults: dict[str, Any] = {}
    raw: dict[str, dict[str, Any]] = {}
    for file in sorted(folder.glob("*.yaml")):
        data, _ = read_yaml(file)
        if not isinstance(data, dict):
            raise PlatformError(f"{file}: 平台文件应为键值映射")
        if file.name.startswith("_"):
            defaults.update(data.get("params") or {})
            continue
        pid = str(data.get("id") or file.stem)
        raw[pid] = data
    return defaults, raw


def build_platforms(
    folder: Path,
    added: Mapping[str, Mapping[str, Any]] | None = None,
    overrides: Mapping[str, Mapping[str, Any]] | None = None,
    *,
    where: str = "config",
) -> Platforms:
    """The built-in platforms, the config's added ones (``platforms:``), with the config's
    parameter overrides (``profiles:``) applied; every number checked."""
    defaults, raw = read_builtin(folder)
    for pid, spec in (added or {}).items():
        spec = dict(spec or {})
        params = {
            k: v for k, v in spec.items() if k not in ("name", "aliases", "extends", "params")
        }
        params.update(spec.get("params") or {})
        raw[pid] = {
            "name": spec.get("name"),
            "aliases": spec.get("aliases") or [],
            "extends": spec.get("extends"),
            "params": params,
        }
    merged = _merge(raw, defaults)
    for pid, params in (overrides or {}).items():
        if pid not in merged:
            guess = difflib.get_close_matches(pid, list(merged), n=1)
            hint = f"，是否想写 {guess[0]}？" if guess else f"（可选：{', '.join(merged)}）"
            raise PlatformError(f"{where}: `profiles`: 未知平台 {pid!r}{hint}")
        merged[pid].update(params or {})
    out = []
    for pid, params in merged.items():
        _check(pid, params, where)
        aliases = tuple(str(a) for a in params.pop("aliases", []) or [])
        out.append(Platform(pid, params, aliases))
    return Platforms(out)


def parameter_names(platforms: Platforms) -> set[str]:
    """Every parameter some platform defines (what ``profile:NAME`` may name)."""
    return {key for p in platforms for key in p.params}


def unknown_reference(value: Any, names: set[str]) -> tuple[str, str | None] | None:
    """The first ``profile:NAME`` in `value` (nested lists, mappings, models' dumps) whose
    NAME no platform defines: (NAME, a close known name or None)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if item.startswith("profile:") and item[len("profile:") :] not in names:
                name = item[len("profile:") :]
                close = difflib.get_close_matches(name, sorted(names), n=1, cutoff=0.6)
                return name, close[0] if close else None
        elif isinstance(item, Mapping):
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
    return None


def resolve(value: Any, profile: Platform) -> Any:
    """A rule parameter written as ``profile:NAME`` takes the platform's value."""
    if isinstance(value, str) and value.startswith("profile:"):
        return profile.get(value[len("profile:") :])
    return value
