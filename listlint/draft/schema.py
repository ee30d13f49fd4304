"""The JSON Schema of the draft format, for editors: the pydantic model's schema with the names
sellers write that listlint also accepts (image roles such as 主图, from rules/packs/draft.yaml)."""

from __future__ import annotations

from typing import Any

from listlint.draft.model import Draft
from listlint.draft.validate import image_roles


def draft_json_schema() -> dict[str, Any]:
    data = Draft.model_json_schema(by_alias=True)
    data["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    data["title"] = "listlint product draft"
    role = data["$defs"]["Image"]["properties"]["role"]
    aliases = list(image_roles())
    role["enum"] = [*role["enum"], *(a for a in aliases if a not in role["enum"])]
    role["description"] = "main | detail | scene | sku, or as sellers write them: " + "、".join(
        aliases
    )
    return data
