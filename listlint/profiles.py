"""Platform profiles (``rules/platforms.yaml``): the numbers each platform enforces."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Profile:
    platform: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def get(self, name: str, default: Any = None) -> Any:
        return self.params.get(name, default)

    def __getitem__(self, name: str) -> Any:
        return self.params[name]

    @property
    def name(self) -> str:
        return str(self.params.get("name", self.platform))


def build_profiles(
    data: Mapping[str, Any], overrides: Mapping[str, Mapping[str, Any]] | None = None
) -> dict[str, Profile]:
    defaults = dict(data.get("defaults") or {})
    out: dict[str, Profile] = {}
    for platform, params in (data.get("platforms") or {}).items():
        merged = {**defaults, **(params or {}), **((overrides or {}).get(platform) or {})}
        out[platform] = Profile(platform, merged)
    return out


def resolve(value: Any, profile: Profile) -> Any:
    """A rule parameter written as ``profile:NAME`` takes the platform profile's value."""
    if isinstance(value, str) and value.startswith("profile:"):
        return profile.get(value[len("profile:") :])
    return value
