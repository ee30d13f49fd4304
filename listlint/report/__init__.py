"""Reporters: each turns a Report into text.  They never decide anything about findings."""

from __future__ import annotations

FORMATS = ("tree", "concise", "json", "json-lines", "sarif", "github", "junit")
