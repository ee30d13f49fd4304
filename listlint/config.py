"""Configuration: ``listlint.yaml`` / ``.listlint.yaml`` / ``[tool.listlint]`` in pyproject.toml,
found upward from the checked path; command-line options override it."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from listlint.draft.model import PLATFORMS

CONFIG_NAMES = ("listlint.yaml", ".listlint.yaml", "pyproject.toml")


class ConfigError(Exception):
    pass


class Config(BaseModel):
    model_config = ConfigDict(
        extra="forbid", populate_by_name=True, alias_generator=lambda s: s.replace("_", "-")
    )

    platform: Literal["taobao", "tmall", "jd", "pdd", "douyin"] = "taobao"
    packs: list[str] = Field(default_factory=list, description="extra pack files")
    select: list[str] = Field(default_factory=list, description="rule ids or prefixes to run")
    ignore: list[str] = Field(default_factory=list, description="rule ids or prefixes to skip")
    severity: dict[str, Literal["error", "warning", "info"]] = Field(default_factory=dict)
    fail_on: Literal["error", "warning", "info", "never"] = "error"
    exclude: list[str] = Field(default_factory=list, description="glob patterns of files to skip")
    today: date | None = None
    allow: list[str] = Field(default_factory=list, description="words never flagged by terms rules")
    profiles: dict[str, dict[str, Any]] = Field(default_factory=dict)
    max_file_bytes: int = 2 * 1024 * 1024
    max_nodes: int = 100_000
    cache: bool = True
    jobs: int = 0
    builtin_packs: bool = True
    source: str | None = Field(None, exclude=True, description="the config file used")

    def base_dir(self) -> Path:
        return Path(self.source).parent if self.source else Path.cwd()

    def effective_today(self) -> date:
        return self.today or date.today()


def find_config(start: Path) -> Path | None:
    here = start.resolve()
    if here.is_file() or not here.exists():
        here = here.parent
    for folder in (here, *here.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if not candidate.is_file():
                continue
            if name == "pyproject.toml" and "listlint" not in _read_toml(candidate).get("tool", {}):
                continue
            return candidate
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    import tomllib  # only when a pyproject.toml is on the way up

    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from None


def load_config(path: Path | None) -> Config:
    if path is None:
        return Config()
    if path.name == "pyproject.toml":
        data = _read_toml(path).get("tool", {}).get("listlint", {})
    else:
        from listlint.draft import sourcemap
        from listlint.draft.load import Limits, YAMLLimitError, parse_yaml

        try:
            text = path.read_text(encoding="utf-8-sig")
            data, node = parse_yaml(text, Limits(max_nodes=20_000))
            # walk the node graph with aliases expanded: an alias bomb in `profiles` is refused
            # here, before anything copies it
            sourcemap.build(node, text, max_nodes=20_000)
            data = data or {}
        except sourcemap.NodeBudgetExceeded:
            raise ConfigError(
                f"{path}: refused: more than 20,000 nodes (aliases expanded)"
            ) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: cannot read: {exc}") from None
        except YAMLLimitError as exc:
            raise ConfigError(f"{path}: refused: {exc}") from None
        except (yaml.YAMLError, ValueError, RecursionError) as exc:
            raise ConfigError(f"{path}: YAML syntax error: {exc}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: the config must be a mapping")
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        loc = ".".join(str(p) for p in err["loc"])
        raise ConfigError(f"{path}: `{loc}`: {err['msg']}") from None
    config.source = str(path)
    # pack paths are relative to the config file
    config.packs = [str((path.parent / p).resolve()) for p in config.packs]
    return config


def merge(config: Config, **overrides: Any) -> Config:
    """Command-line values (not None, not empty) win over the file."""
    data = config.model_dump()
    for key, value in overrides.items():
        if value is None or value == [] or value == ():
            continue
        if key == "packs":
            data[key] = [*data.get(key, []), *value]
        else:
            data[key] = value
    merged = Config.model_validate(data)
    merged.source = config.source
    return merged


__all__ = ["PLATFORMS", "Config", "ConfigError", "find_config", "load_config", "merge"]
