"""listlint: a compliance linter for Chinese e-commerce product listings.

Library API::

    from listlint import Config, check_paths
    report = check_paths(["drafts/"], Config(platform="tmall"))
    for finding in report.findings:
        print(finding.path, finding.line, finding.rule, finding.message)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Config", "Engine", "Finding", "Report", "Severity", "__version__", "check_paths"]

if TYPE_CHECKING:
    from listlint.config import Config
    from listlint.engine import Engine
    from listlint.findings import Finding, Severity
    from listlint.runner import Report, check_paths

_LAZY = {
    "Config": "listlint.config",
    "Engine": "listlint.engine",
    "Finding": "listlint.findings",
    "Severity": "listlint.findings",
    "Report": "listlint.runner",
    "check_paths": "listlint.runner",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(name)
    import importlib

    return getattr(importlib.import_module(module), name)
