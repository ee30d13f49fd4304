"""Running the real ``listlint`` command against hostile files: in a child process with a memory
limit (``RLIMIT_AS``) and a timeout, so that a regression fails its test instead of hanging the
suite or exhausting the machine.

``LISTLINT_UNDER_TEST=/path/to/checkout`` runs the children with that checkout's code first on
``sys.path``: each test here was run that way against the code before the security round
(``/work/wt-landed``, commit 64e3ac4) and failed there, as its docstring records."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

LISTLINT = [sys.executable, "-c", "from listlint.cli import main; main()"]
MB = 1 << 20
DEFAULT_MEMORY = 1536 * MB  # address space: the interpreter, jieba's trie, Pillow, a pool
DEFAULT_TIMEOUT = 60.0


class Hung(AssertionError):
    """The child did not finish within its timeout."""


def _limits(memory: int) -> Callable[[], None]:
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    return apply


def env_for(cache: Path | None, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LISTLINT_", "GITHUB_"))}
    env.pop("NO_COLOR", None)
    env["PYDANTIC_DISABLE_PLUGINS"] = "__all__"
    under_test = os.environ.get("LISTLINT_UNDER_TEST")
    if under_test:
        env["PYTHONPATH"] = under_test
    if cache is not None:
        env["LISTLINT_CACHE_DIR"] = str(cache)
    env.update(extra)
    return env


def run(
    args: list[Any],
    *,
    cache: Path | None,
    cwd: Path,
    memory: int = DEFAULT_MEMORY,
    timeout: float = DEFAULT_TIMEOUT,
    env: dict[str, str] | None = None,
    feed: bytes | None = None,
    **popen: Any,
) -> subprocess.CompletedProcess[str]:
    """``listlint ARGS`` in a child with at most `memory` bytes of address space; raises
    ``Hung`` after `timeout` seconds (the child is killed).  `feed`: bytes on its stdin;
    `popen`: more ``subprocess.run`` arguments (``stdin=`` a file, ``user=`` …)."""
    try:
        proc = subprocess.run(
            [*LISTLINT, *map(str, args)],
            input=feed,
            capture_output=True,
            env=env if env is not None else env_for(cache),
            cwd=cwd,
            timeout=timeout,
            preexec_fn=_limits(memory),
            **popen,
        )
    except subprocess.TimeoutExpired:
        raise Hung(f"listlint {args} did not finish in {timeout} s") from None
    return subprocess.CompletedProcess(
        proc.args,
        proc.returncode,
        proc.stdout.decode("utf-8", "replace"),
        proc.stderr.decode("utf-8", "replace"),
    )


def python(
    code: str,
    *args: Any,
    cwd: Path,
    cache: Path | None = None,
    memory: int = DEFAULT_MEMORY,
    timeout: float = DEFAULT_TIMEOUT,
) -> subprocess.CompletedProcess[str]:
    """Run Python `code` (``sys.argv[1:]`` = `args`) in a child with the same limits (for
    library-level attacks, or the command run with something patched)."""
    try:
        return subprocess.run(
            [sys.executable, "-c", code, *map(str, args)],
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            env=env_for(cache),
            cwd=cwd,
            timeout=timeout,
            preexec_fn=_limits(memory),
        )
    except subprocess.TimeoutExpired:
        raise Hung(f"python child did not finish in {timeout} s") from None


def diagnostics(stdout: str) -> list[dict[str, Any]]:
    return json.loads(stdout)["diagnostics"]


def rules(stdout: str) -> list[str]:
    return [d["rule"] for d in diagnostics(stdout)]


def no_traceback(proc: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout, proc.stderr[-2000:]


# the command under an audit hook that records every open of a .yaml file in the working folder
COUNT_OPENS = """
import os, sys
log = os.open("opened.log", os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_APPEND, 0o600)
root = os.getcwd()
def hook(event, args):  # in forked workers too: one line per open, appended
    if event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
        path = os.path.abspath(os.fsdecode(args[0]))  # as named: a link is not its target
        if path.startswith(root + os.sep) and path.endswith(".yaml"):
            os.write(log, (os.path.relpath(path) + "\\n").encode())
sys.addaudithook(hook)
sys.argv[0] = "listlint"
from listlint.cli import main
main()
"""


def opened(folder: Path) -> dict[str, int]:
    """How often each draft was opened by the last COUNT_OPENS run in `folder`."""
    names = (folder / "opened.log").read_text(encoding="utf-8").split()
    return {name: names.count(name) for name in set(names)}


_MEASURE = """
import json, resource, subprocess, sys, time
limit = int(sys.argv[1])
def apply():
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
start = time.perf_counter()
proc = subprocess.run(sys.argv[2:], capture_output=True, preexec_fn=apply)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({"rc": proc.returncode, "seconds": seconds, "peak_mb": peak,
                  "stdout": proc.stdout.decode("utf-8", "replace"),
                  "stderr": proc.stderr.decode("utf-8", "replace")}))
"""


def measure(
    args: list[Any],
    *,
    cache: Path,
    cwd: Path,
    memory: int = DEFAULT_MEMORY,
    timeout: float = DEFAULT_TIMEOUT,
) -> dict[str, Any]:
    """``run`` that also reports wall time and the child's peak resident memory (MB)."""
    try:
        out = subprocess.run(
            [sys.executable, "-c", _MEASURE, str(memory), *LISTLINT, *map(str, args)],
            capture_output=True,
            text=True,
            env=env_for(cache),
            cwd=cwd,
            timeout=timeout,
            check=True,
        )
    except subprocess.TimeoutExpired:
        raise Hung(f"listlint {args} did not finish in {timeout} s") from None
    return json.loads(out.stdout)  # type: ignore[no-any-return]
