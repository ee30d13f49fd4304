"""The ``listlint`` command (and ``python -m listlint``): ``listlint.cli.main``, with exit
status 2 and a Chinese line even when importing the command line fails (no memory left, a
broken installation): a crash must never look like a failing draft (exit status 1)."""

from __future__ import annotations

import os


def main() -> None:
    try:
        from listlint.cli import main as run
    except KeyboardInterrupt:
        os._exit(130)
    except BaseException:
        try:
            os.write(2, "listlint: 错误：无法启动（内存不足或安装不完整）\n".encode())
        finally:
            os._exit(2)
    run()


if __name__ == "__main__":
    main()
