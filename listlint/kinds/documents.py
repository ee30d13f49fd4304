"""The ``documents`` kind: qualification documents, per draft and per document.

``check`` selects what is checked:

* ``required``: the documents a draft must carry when a condition holds (category in the rule's
  ``scope``, plus ``when`` / ``any_of`` / ``unless`` conditions).  ``require`` names document
  types; ``a|b`` means either will do.  The finding points at the text claim or attribute that
  triggered the rule when there is one, else at the field named by ``anchor`` (``category``);
* ``type``: a document ``type`` that ``rules/documents.yaml`` does not know (did-you-mean);
* ``number``: the number matches its type's format (``rules/documents.yaml``);
* ``expiry``: ``expires`` before today is the rule's severity; within ``warn_days`` a warning;
* ``issued``: ``issued`` after today;
* ``age``: documents of ``types`` issued more than ``max_age_months`` (or ``max_age_days``) ago;
* ``file``: the scan named by ``file:`` exists and is a regular file;
* ``path``: ``file:`` stays inside the draft's folder tree (nothing outside it is touched).
"""

from __future__ import annotations

import difflib
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal

import regex
from pydantic import BaseModel, ConfigDict, Field, model_validator

from listlint.findings import Finding, Severity
from listlint.kinds.base import Context, Rule
from listlint.kinds.conditions import When
from listlint.kinds.regexes import safe_search
from listlint.text.normalize import normalize_term


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    check: Literal["required", "type", "number", "expiry", "issued", "age", "file", "path"]
    types: list[str] | None = Field(None, description="only these document types")
    # required
    require: list[str] = Field(default_factory=list, description="document types; a|b = either")
    when: When = Field(default_factory=When, description="all must hold")
    any_of: list[When] = Field(default_factory=list, description="at least one must hold")
    unless: list[When] = Field(default_factory=list, description="none may hold")
    anchor: str = Field("category", description="field the finding points at")
    # expiry
    warn_days: int = Field(30, ge=0, le=3650)
    # age
    max_age_days: int | None = None
    max_age_months: int | None = None

    @model_validator(mode="after")
    def _needs_require(self) -> Params:
        if self.check == "required" and not self.require:
            raise ValueError("check: required needs a `require` list of document types")
        if self.check == "age" and self.max_age_days is None and self.max_age_months is None:
            raise ValueError("check: age needs max_age_months or max_age_days")
        return self


def prepare(rule: Rule) -> None:
    # Fail at pack load, not at the first draft, on a misspelt document type.
    known = known_types()
    p: Params = rule.params
    names = [o.strip() for alt in p.require for o in alt.split("|")] + list(p.types or [])
    for name in names:
        if name not in known:
            guess = difflib.get_close_matches(name, list(known), n=1)
            hint = f"，是否想写“{guess[0]}”？" if guess else ""
            raise ValueError(f"未知的证件类型“{name}”{hint}")
    for cond in [p.when, *p.any_of, *p.unless]:
        for pattern in (cond.text, cond.attribute_text):
            if pattern is not None:
                _rx(pattern)


_RX_CACHE: dict[str, regex.Pattern[str]] = {}
_TYPES: dict[str, Any] = {}


def known_types() -> dict[str, Any]:
    """The document types of the built-in ``rules/documents.yaml`` (read once)."""
    if not _TYPES:
        from listlint.data import builtin_rules_dir, read_yaml

        data, _ = read_yaml(builtin_rules_dir() / "documents.yaml")
        _TYPES.update((data or {}).get("types", {}))
    return _TYPES


def _rx(pattern: str) -> regex.Pattern[str]:
    rx = _RX_CACHE.get(pattern)
    if rx is None:
        rx = _RX_CACHE[pattern] = regex.compile(pattern, regex.V1)
    return rx


# -- paths named in a draft -------------------------------------------------------------------
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")

PathStatus = Literal["url", "outside", "local"]


def classify_path(ctx: Context, relative: str) -> tuple[PathStatus, Path | None]:
    """Where a path written in a draft points (see ``classify``)."""
    return classify(ctx.doc.root, relative)


def classify(root: Path, relative: str) -> tuple[PathStatus, Path | None]:
    """Where a path written in a draft points; nothing is opened.

    ``url``: any ``scheme://`` (never fetched); ``outside``: absolute, ``..`` climbing out of
    the draft's folder, or a symbolic link whose target lies outside it (links are resolved
    with ``realpath``, which reads link names, never file contents); ``local``: a path whose
    real location is under the draft's folder."""
    text = relative.strip()
    if _SCHEME.match(text):
        return "url", None
    unified = text.replace("\\", "/")
    if unified.startswith(("/", "~")) or _DRIVE.match(text) or os.path.isabs(text):
        return "outside", None
    norm = os.path.normpath(unified)
    if norm == ".." or norm.startswith("../"):
        return "outside", None
    target = root / norm
    try:
        real, base = os.path.realpath(target), os.path.realpath(root)
    except (ValueError, OSError):  # e.g. an embedded NUL: reported later as an invalid path
        return "local", target
    if real != base and not real.startswith(base.rstrip(os.sep) + os.sep):
        return "outside", None
    return "local", target


def stat_regular(target: Path) -> tuple[os.stat_result | None, str]:
    """stat() a local path (following symlinks); (result, "") for a regular file, else
    (None | result, reason): ``missing``, ``directory``, ``special``, ``invalid`` or ``error``."""
    try:
        st = os.stat(target)
    except (FileNotFoundError, NotADirectoryError):
        return None, "missing"
    except ValueError:  # e.g. an embedded NUL
        return None, "invalid"
    except OSError:
        return None, "error"
    if stat.S_ISDIR(st.st_mode):
        return st, "directory"
    if not stat.S_ISREG(st.st_mode):
        return st, "special"
    return st, ""


# -- the check ---------------------------------------------------------------------------------
def applies(rule: Rule, platform: str, category: str, family: str | None = None) -> bool:
    """False when the rule cannot fire for this platform and category (its ``when``, or every
    one of its ``any_of``, names other categories or platforms)."""
    p: Params = rule.params
    if p.check != "required":
        return True
    if not p.when.static_holds(platform, category, family):
        return False
    return not p.any_of or any(c.static_holds(platform, category, family) for c in p.any_of)


def check(rule: Rule, ctx: Context) -> Iterator[Finding]:
    p: Params = rule.params
    if p.check == "required":
        yield from _required(rule, ctx, p)
        return
    types = ctx.resources.document_types
    handler = _PER_DOCUMENT[p.check]
    for i, doc in enumerate(ctx.draft.documents):
        if p.types is not None and doc.type not in p.types:
            continue
        info = types.get(doc.type, {})
        item = _Doc(f"documents[{i}]", doc, info, str(info.get("name", doc.type)))
        yield from handler(rule, ctx, p, item)


@dataclass(slots=True)
class _Doc:
    base: str  # documents[i]
    doc: Any
    info: dict[str, Any]
    name: str


def _type(rule: Rule, ctx: Context, p: Params, d: _Doc) -> Iterator[Finding]:
    types = ctx.resources.document_types
    if d.doc.type not in types:
        yield _unknown_type(rule, ctx, f"{d.base}.type", d.doc.type, types)


def _number_check(rule: Rule, ctx: Context, p: Params, d: _Doc) -> Iterator[Finding]:
    yield from _number(rule, ctx, p, d.base, d.doc.number, d.info, d.name)


def _expiry(rule: Rule, ctx: Context, p: Params, d: _Doc) -> Iterator[Finding]:
    """Expired: the rule's severity; within ``warn_days``: a warning.  Day counts, never date
    arithmetic that could leave the calendar (``--today 9999-12-31``)."""
    expires = d.doc.expires
    if expires is None:
        return
    days = (expires - ctx.today).days
    values = {
        "doc_name": d.name,
        "expires": expires.isoformat(),
        "days": days,
        "validity": d.info.get("validity") or "各类证件的管理办法（证件须在有效期内）",
    }
    if days < 0:
        yield ctx.finding(rule, f"{d.base}.expires", **values)
    elif days <= p.warn_days:
        severity = min(Severity.WARNING, rule.severity)
        yield ctx.finding(rule, f"{d.base}.expires", severity=severity, variant="soon", **values)


def _issued(rule: Rule, ctx: Context, p: Params, d: _Doc) -> Iterator[Finding]:
    issued = d.doc.issued
    if issued is not None and issued > ctx.today:
        yield ctx.finding(rule, f"{d.base}.issued", doc_name=d.name, issued=issued.isoformat())


def _age(rule: Rule, ctx: Context, p: Params, d: _Doc) -> Iterator[Finding]:
    issued = d.doc.issued
    if issued is None:
        return
    months = _months_between(issued, ctx.today)
    days = (ctx.today - issued).days
    if p.max_age_months is not None:
        old = months > p.max_age_months or (
            months == p.max_age_months and ctx.today.day > issued.day
        )
    else:
        old = days > (p.max_age_days or 0)
    if old:
        yield ctx.finding(
            rule,
            f"{d.base}.issued",
            doc_name=d.name,
            issued=issued.isoformat(),
            days=days,
            months=months,
            limit=p.max_age_months if p.max_age_months is not None else p.max_age_days,
        )


def _path(rule: Rule, ctx: Context, p: Params, d: _Doc) -> Iterator[Finding]:
    file = d.doc.file
    if file and classify_path(ctx, file)[0] == "outside":
        yield ctx.finding(rule, f"{d.base}.file", start=0, end=len(file), doc_name=d.name)


def _file(rule: Rule, ctx: Context, p: Params, d: _Doc) -> Iterator[Finding]:
    file = d.doc.file
    if not file:
        return
    status, target = classify_path(ctx, file)
    if status != "local" or target is None:
        return
    _, problem = stat_regular(target)
    if problem:
        reasons: dict[str, Any] = rule.pack_data.get("file_problems", {}) or {}
        yield ctx.finding(
            rule,
            f"{d.base}.file",
            start=0,
            end=len(file),
            doc_name=d.name,
            file=file,
            reason=str(reasons.get(problem, problem)),
        )


_PER_DOCUMENT = {
    "type": _type,
    "number": _number_check,
    "expiry": _expiry,
    "issued": _issued,
    "age": _age,
    "file": _file,
    "path": _path,
}


def _number(
    rule: Rule,
    ctx: Context,
    p: Params,
    base: str,
    raw: str | None,
    info: dict[str, Any],
    name: str,
) -> Iterator[Finding]:
    pattern = info.get("number")
    if not pattern:
        return
    number = (raw or "").strip()
    fmt = info.get("format", pattern)
    if not number:
        yield ctx.finding(rule, base, variant="missing", doc_name=name, format=fmt)
        return
    if _rx(pattern).fullmatch(number):
        return
    lead = len(raw or "") - len((raw or "").lstrip())
    obsolete = info.get("obsolete") or {}
    message = None
    if obsolete.get("number") and _rx(obsolete["number"]).fullmatch(number):
        message = obsolete.get("message")
    yield ctx.finding(
        rule,
        f"{base}.number",
        start=lead,
        end=lead + len(number),
        message=message,
        doc_name=name,
        format=fmt,
    )


def _unknown_type(
    rule: Rule, ctx: Context, path: str, value: str, types: dict[str, dict[str, Any]]
) -> Finding:
    guess = _guess_type(value, types)
    hint = ""
    if guess:
        hint = f"，是否应为 {guess}（{types[guess].get('name', guess)}）？"
    known = "、".join(types)
    return ctx.finding(
        rule,
        path,
        start=0,
        end=len(value),
        type=value,
        hint=hint,
        known=known,
        guess=guess or "",
    )


def _guess_type(value: str, types: dict[str, dict[str, Any]]) -> str | None:
    """The known type a seller most likely meant: by key, Chinese name or alias."""
    wanted = re.sub(r"[\s_\-]+", "", value).casefold()
    for key, info in types.items():
        names = [key, str(info.get("name", "")), *[str(a) for a in info.get("aliases", [])]]
        if any(re.sub(r"[\s_\-]+", "", n).casefold() == wanted for n in names if n):
            return key
    close = difflib.get_close_matches(value.casefold(), list(types), n=1, cutoff=0.6)
    if close:
        return close[0]
    by_name = {str(info.get("name", "")): key for key, info in types.items()}
    close = difflib.get_close_matches(value, [n for n in by_name if n], n=1, cutoff=0.5)
    return by_name[close[0]] if close else None


def _months_between(start: date, end: date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - (1 if end.day < start.day else 0)


# -- required documents ------------------------------------------------------------------------
def _required(rule: Rule, ctx: Context, p: Params) -> Iterator[Finding]:
    if not p.when.holds(ctx, rule.trusted):
        return
    if any(cond.holds(ctx, rule.trusted) for cond in p.unless):
        return
    trigger: When | None = None
    if p.any_of:
        trigger = next((cond for cond in p.any_of if cond.holds(ctx, rule.trusted)), None)
        if trigger is None:
            return
    draft = ctx.draft
    have = {d.type for d in draft.documents}
    types = ctx.resources.document_types
    missing: list[list[str]] = []
    for alternatives in p.require:
        options = [a.strip() for a in alternatives.split("|")]
        if not have.intersection(options):
            missing.append(options)
    if not missing:
        return
    names = "；".join("或".join(_name(types, o) for o in opts) for opts in missing)
    formats = "；".join("或".join(_described(types, o) for o in opts) for opts in missing)
    values = {
        "missing": names,
        "formats": formats,
        "brand": draft.brand or "",
        "category": ctx.category,
    }
    for cond in [trigger, p.when]:
        if cond is None:
            continue
        spot = _trigger_span(ctx, cond, rule.trusted)
        if spot is not None:
            path, start, end, said = spot
            yield ctx.finding(rule, path, start=start, end=end, trigger=said, **values)
            return
    yield ctx.finding(rule, _anchor(ctx, p.anchor), trigger=ctx.category, **values)


def _name(types: dict[str, dict[str, Any]], key: str) -> str:
    return str(types.get(key, {}).get("name", key))


def _described(types: dict[str, dict[str, Any]], key: str) -> str:
    info = types.get(key, {})
    fmt = info.get("format")
    return f"{_name(types, key)}（{fmt}）" if fmt else _name(types, key)


def _anchor(ctx: Context, anchor: str) -> str:
    value = getattr(ctx.draft, anchor, None)
    if anchor in ctx.draft.model_fields_set or value not in (None, "", [], {}):
        return anchor
    return "category"


def _trigger_span(
    ctx: Context, cond: When, trusted: bool
) -> tuple[str, int | None, int | None, str] | None:
    """Where the condition's text claim or attribute is written (field, span, the words)."""
    if cond.text is not None:
        rx = _rx(cond.text)
        for path, _, text in ctx.fields:
            norm = ctx.normalized(path, text)
            m = safe_search(rx, norm.text, trusted)
            if m:
                start, end = norm.span(m.start(), m.end())
                return path, start, end, text[start:end]
    if cond.attribute_text is not None:
        rx = _rx(cond.attribute_text)
        for key, value in ctx.draft.attributes.items():
            if safe_search(rx, f"{key}:{value}", trusted) or safe_search(
                rx, f"{normalize_term(key)}:{value}", trusted
            ):
                return f"attributes.{key}", None, None, f"{key}: {value}"
    return None
