"""listlint: a compliance linter for Chinese e-commerce product listings.

Library API (``listlint.api``)::

    from listlint import lint_text, lint_draft, lint_paths, Linter

    lint_text("全网最好的纯棉T恤", field="title", category="服装/女装/T恤")
    lint_draft({"category": "食品/坚果", "title": "每日坚果 降血糖"})
    report = lint_paths(["drafts/"], config={"platform": "tmall"})
    for finding in report.findings:
        print(finding.path, finding.line, finding.rule, finding.message)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.2.0"
__all__ = [
    "Config",
    "Finding",
    "Linter",
    "Report",
    "Severity",
    "__version__",
    "lint_draft",
    "lint_paths",
    "lint_text",
]

if TYPE_CHECKING:
    from listlint.api import Linter, lint_draft, lint_paths, lint_text
    from listlint.config import Config
    from listlint.findings import Finding, Severity
    from listlint.results import Report

_LAZY = {
    "Config": "listlint.config",
    "Finding": "listlint.findings",
    "Severity": "listlint.findings",
    "Report": "listlint.results",
    "Linter": "listlint.api",
    "lint_text": "listlint.api",
    "lint_draft": "listlint.api",
    "lint_paths": "listlint.api",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(name)
    import importlib

    return getattr(importlib.import_module(module), name)
