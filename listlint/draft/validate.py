"""Validate a parsed draft against the model: every error becomes a ``draft/*`` finding at the
element it is about; an invalid optional key of a SKU, image or document is dropped (the item
stays: a licence with an impossible expiry date is still a licence), an item missing what it
requires is dropped whole, as are invalid attribute entries, and the rest of the draft is
still checked.

Dropping list items shifts the indexes pydantic reports in the next round, so the model index →
file index map (``LoadedDraft.index_map``) is kept up to date, and all the items of one round
are dropped together (dropping them one by one would shift the indexes of the later ones)."""

from __future__ import annotations

import difflib
from functools import cache
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from listlint.draft.model import DRAFT_FIELDS, Document, Draft, Image, Sku
from listlint.messages import builtin

if TYPE_CHECKING:
    from listlint.draft.load import LoadedDraft

_MODELS_BY_LIST = {"skus": Sku, "images": Image, "documents": Document}
_FATAL = ("title",)  # without a title nothing is checked; a bad category is reported and the
# rest still runs (listlint.categories decides what it can, draft/unknown-category says so)
_DATE_TYPES = ("date_from_datetime_parsing", "date_parsing", "date_type")


def validate(doc: LoadedDraft, data: dict[str, Any]) -> None:
    """Set ``doc.draft``, reporting every error; drop what is invalid and keep the rest."""
    work: dict[str, Any] = {k: (list(v) if isinstance(v, list) else v) for k, v in data.items()}
    if isinstance(work.get("attributes"), dict):
        work["attributes"] = dict(work["attributes"])
    kept: dict[str, list[int]] = {
        name: list(range(len(work[name])))
        for name in _MODELS_BY_LIST
        if isinstance(work.get(name), list)
    }
    _image_roles(work)
    seen: set[tuple[str, str]] = set()
    if "category" not in data:  # required, but the rest is still checked (the title may tell)
        doc.report("draft/schema", "missing", "", name="category")
        seen.add(("category", "missing"))
    for _ in range(6):
        try:
            doc.draft = Draft.model_validate(work)
            break
        except ValidationError as exc:
            errors = exc.errors(include_url=False, include_input=False)
        locs = [tuple(err["loc"]) for err in errors]
        for err, loc in zip(errors, locs, strict=True):
            _report(doc, err, _file_loc(loc, kept), data, seen)
        if any(len(loc) == 1 and loc[0] in _FATAL for loc in locs):
            return
        _drop(work, locs, kept)
    if kept and any(v != list(range(len(v))) for v in kept.values()):
        doc.index_map = kept


@cache
def image_roles() -> dict[str, str]:
    """Image roles as sellers write them (主图, 详情图, SKU图; casefolded) → the format's names,
    from the draft pack's data, read once."""
    table = builtin().data("draft/schema").get("image_roles") or {}
    return {str(n).casefold(): role for role, aliases in table.items() for n in aliases}


def _image_roles(work: dict[str, Any]) -> None:
    images = work.get("images")
    if not isinstance(images, list):
        return
    names = image_roles()
    for i, image in enumerate(images):
        role = image.get("role") if isinstance(image, dict) else None
        if isinstance(role, str) and role.strip().casefold() in names:
            images[i] = {**image, "role": names[role.strip().casefold()]}


def _file_loc(loc: tuple[Any, ...], kept: dict[str, list[int]]) -> tuple[Any, ...]:
    """A model location with its list index translated back to the file's."""
    if len(loc) >= 2 and loc[0] in kept and isinstance(loc[1], int) and loc[1] < len(kept[loc[0]]):
        return (loc[0], kept[loc[0]][loc[1]], *loc[2:])
    return loc


def _drop(work: dict[str, Any], locs: list[tuple[Any, ...]], kept: dict[str, list[int]]) -> None:
    """Drop every invalid element of this round at once (list items by their current model
    index, before any of them shifts), then compact each list and its index map."""
    doomed: dict[str, set[int]] = {}
    for loc in locs:
        if not loc:
            continue
        head = loc[0]
        if head in kept and len(loc) >= 2 and isinstance(loc[1], int):
            if not _drop_optional(work[head], loc):
                doomed.setdefault(head, set()).add(loc[1])
        elif head == "attributes" and len(loc) >= 2 and isinstance(work.get("attributes"), dict):
            work["attributes"].pop(loc[1], None)
        elif head in work:
            del work[head]
            kept.pop(head, None)
    for head, indexes in doomed.items():
        items = work.get(head)
        if not isinstance(items, list):
            continue
        keep = [i for i in range(len(items)) if i not in indexes]
        work[head] = [items[i] for i in keep]
        kept[head] = [kept[head][i] for i in keep]


def _drop_optional(items: list[Any], loc: tuple[Any, ...]) -> bool:
    """Drop only the invalid optional key of a list item (a document whose ``expires`` is
    2026-02-30 is still a licence: dropping it whole would add a false 缺少许可证); whether
    it could.  An item without its required keys is dropped whole."""
    if len(loc) < 3 or not isinstance(loc[2], str) or not 0 <= loc[1] < len(items):
        return False
    item = items[loc[1]]
    field = _MODELS_BY_LIST[loc[0]].model_fields.get(loc[2])
    if not isinstance(item, dict) or field is None or field.is_required():
        return False
    items[loc[1]] = {k: v for k, v in item.items() if k != loc[2]}
    return True


def _loc_path(loc: tuple[Any, ...], data: Any) -> str:
    """Dotted path of the part of `loc` that exists in `data` (drops union member tags)."""
    node = data
    path = ""
    first = True
    for item in loc:
        if isinstance(node, list) and isinstance(item, int) and 0 <= item < len(node):
            path += f"[{item}]"
        elif isinstance(node, dict) and item in node:
            path = f"{path}.{item}" if path else str(item)
        else:
            if (
                isinstance(node, dict)
                and isinstance(item, str)
                and (first or item not in ("str", "int"))
            ):
                path = f"{path}.{item}" if path else item
            break
        first = False
        node = node[item]
    return path


def _allowed_keys(loc: tuple[Any, ...]) -> tuple[str, ...]:
    if len(loc) >= 3 and loc[0] in _MODELS_BY_LIST:
        return tuple(_MODELS_BY_LIST[loc[0]].model_fields)
    return DRAFT_FIELDS


def _value(data: Any, loc: tuple[Any, ...]) -> Any:
    node = data
    for item in loc:
        try:
            node = node[item]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _report(
    doc: LoadedDraft,
    err: Any,
    loc: tuple[Any, ...],
    data: dict[str, Any],
    seen: set[tuple[str, str]],
) -> None:
    path = _loc_path(loc, data)
    kind = err["type"]
    if (path, kind) in seen:
        return
    seen.add((path, kind))
    if kind == "extra_forbidden":
        name = str(loc[-1])
        close = difflib.get_close_matches(name, list(_allowed_keys(loc)), n=1, cutoff=0.6)
        if close:
            doc.report("draft/unknown-field", "guess", path, key=True, match=name, name=name,
                       guess=close[0])  # fmt: skip
        else:
            doc.report("draft/unknown-field", None, path, key=True, match=name, name=name)
        return
    if kind == "missing":
        name = str(loc[-1])
        parent = path if path != name else ""
        if parent.endswith(name):
            parent = parent[: -len(name)].rstrip(".")
        doc.report("draft/schema", "missing", parent, key=bool(parent), name=name)
        return
    if kind == "literal_error":
        expected = str(err.get("ctx", {}).get("expected", "")).replace(" or ", ", ")
        doc.report("draft/schema", "choice", path, path=path, expected=expected)
        return
    if kind in _DATE_TYPES and isinstance(_value(data, loc), str):
        doc.report("draft/schema", "date", path, path=path, value=_value(data, loc))
        return
    types = (doc.messages or builtin()).data("draft/schema").get("types") or {}
    detail = err["msg"].removeprefix("Value error, ")
    if kind == "value_error":
        text = detail
    else:
        text = str(types.get(kind) or types.get("other", "{detail}")).replace("{detail}", detail)
    doc.report("draft/schema", None, path, path=path, detail=text)
