"""Drafts: a file → a validated ``Draft`` model plus a source map of field positions, and
``draft/*`` findings for everything that is wrong with the file itself.

Modules: ``model`` (the draft format), ``load`` (bytes → text → YAML/JSON → model),
``validate`` (schema errors → findings), ``sourcemap`` (field path → characters).
"""
