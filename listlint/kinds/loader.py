"""The ``loader`` kind: rules that the draft loader itself reports (``draft/syntax`` …).
They are listed in ``rules/packs/draft.yaml``, so that ``listlint rules`` and ``explain`` know
them and their messages are data."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict

from listlint.findings import Finding
from listlint.kinds.base import Context, Rule


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)


def check(rule: Rule, ctx: Context) -> Iterator[Finding]:
    return iter(())
