"""Drafts: load a file into a validated model plus a source map of field positions."""

from listlint.draft.load import LoadedDraft, load_draft, load_text
from listlint.draft.model import Document, Draft, Image, Sku

__all__ = ["Document", "Draft", "Image", "LoadedDraft", "Sku", "load_draft", "load_text"]
