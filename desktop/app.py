"""Entry point: a command runs headless; no command opens the window."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    from desktop.cli import build_parser, run

    args = build_parser().parse_args(argv)
    if args.command is None:
        from desktop.views.application import run_gui

        return run_gui(args.db)
    return run(argv)


if __name__ == "__main__":
    raise SystemExit(main())
