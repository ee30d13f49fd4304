"""The compiled-resources cache: a CLI run starts from a pickled ``Resources`` instead of
parsing, compiling and self-testing every pack (≈ 40 ms instead of ≈ 2 s).

The key covers the listlint version, the code that compiled the packs, the content of every
pack, platform, category, lexicon and document file, and the config; a stale, unreadable or
foreign entry is simply rebuilt.  Pickle can run code when it is loaded, so an entry is read
only from the user's private cache folder (``listlint.cache``: owned by the user, mode 0700,
refused when anyone else could write it), only when it is a regular file owned by the user (not
a link), and it is written as a new file renamed into place.  Only the user (or root) can put a
file there, and they can change listlint's own code just as well.

Pickle stays because nothing that cannot run code is fast enough (``bench/cache_format.py``:
a cold run takes ≈ 0.24 s with the pickle and ≈ 0.6 s when the packs are parsed, compiled and
self-tested again; a data format would still have to recompile ≈ 150 regexes, half of that).
As a second line of defence the entry is read by an unpickler that resolves only the classes
of listlint's own modules and the few library types the resources hold (``_ALLOWED``): a
foreign pickle naming ``os.system``, ``builtins.eval`` or any other function is refused before
anything is called (this costs nothing measurable).  It is not a sandbox; the private folder is
the defence.
"""

from __future__ import annotations

import gc
import hashlib
import io
import logging
import pickle
from pathlib import Path
from typing import Any

from listlint.cache import cache_dir, prune, read_private, write_private
from listlint.config import Config
from listlint.data import builtin_rules_dir
from listlint.engine.resources import Resources

log = logging.getLogger(__name__)
MAX_BYTES = 256 << 20


def key(config: Config) -> str | None:
    """The cache key of `config`'s resources; None when a pack file cannot be read (the normal
    load reports it)."""
    from listlint import __version__

    digest = hashlib.sha256(__version__.encode())
    for source in sorted(Path(__file__).resolve().parent.parent.rglob("*.py")):
        try:
            st = source.stat()
        except OSError:
            continue
        digest.update(f"{source.name}:{st.st_size}:{st.st_mtime_ns}".encode())
    files = [*sorted(builtin_rules_dir().rglob("*.yaml")), *(Path(p) for p in config.packs)]
    for file in files:
        digest.update(str(file).encode())
        try:
            from listlint.safeyaml import read_limited

            raw, _ = read_limited(file, 64 << 20)
        except OSError:
            return None
        digest.update(hashlib.sha256(raw or b"").digest())
    digest.update(config.model_dump_json(exclude={"today", "jobs", "source"}).encode())
    return digest.hexdigest()[:24]


# what compiled resources are made of besides listlint's own classes
# (compiling a pattern runs no code: ``re._compile`` holds the literal gates of terms rules, see
# listlint/kinds/regexgate.py, as ``regex._regex.compile`` holds the packs' regexes)
_ALLOWED = frozenset(
    {
        ("ahocorasick", "Automaton"),
        ("datetime", "date"),
        ("regex._regex", "compile"),
        ("re", "_compile"),
    }
)


class _Unpickler(pickle.Unpickler):
    """Resolves only classes defined in listlint's modules and ``_ALLOWED``: no function a
    pickle could call to run code (``os.system``, ``builtins.exec``, ``subprocess.Popen`` …)."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _ALLOWED:
            return super().find_class(module, name)
        if module == "listlint" or module.startswith("listlint."):
            found = super().find_class(module, name)
            if isinstance(found, type) and found.__module__ == module:
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a resources cache")


def _unpickle(raw: bytes) -> Any:
    """Unpickle with ``_Unpickler``, the cyclic collector paused: unpickling allocates tens of
    thousands of long-lived objects, and each allocation burst would otherwise trigger
    collections that walk all of them (a third of the load time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _Unpickler(io.BytesIO(raw)).load()
    finally:
        if enabled:
            gc.enable()


def load(config: Config, build: Any) -> tuple[Resources, str]:
    """(resources, cache key): from the cache when nothing changed, else ``build(config)``
    (which also self-tests the packs) and stored.  The key is "" when nothing was cached."""
    folder = cache_dir()
    name = key(config) if folder is not None else None
    if folder is None or name is None:
        return build(config), ""
    target = folder / f"resources-{name}.pickle"
    raw = read_private(target, MAX_BYTES)
    if raw is not None:
        try:
            resources = _unpickle(raw)
            if isinstance(resources, Resources):
                resources.config = config
                for rule in resources.rules:
                    from listlint.kinds import kind

                    kind(rule.kind).restore(rule)
                return resources, name
        except Exception:  # unreadable, truncated, foreign or stale: rebuilt below
            log.debug("resources cache not used", exc_info=True)
    resources = build(config)
    resources.warm()
    try:
        write_private(target, pickle.dumps(resources, protocol=pickle.HIGHEST_PROTOCOL))
        prune("resources-*.pickle", keep=16)
    except (OSError, pickle.PicklingError, TypeError, AttributeError) as exc:
        log.debug("resources cache not written: %s", exc)
    return resources, name
