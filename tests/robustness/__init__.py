"""Hostile and broken input (issue #7): listlint never crashes, never hangs, never loses a byte."""
