"""Entry point: a command runs headless; no command opens the window."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    db = _window_only(argv)
    if db is not None:  # the window: skip building every command's parser (it imports them all)
        from desktop.views.application import run_gui

        return run_gui(db or None)
    from desktop.cli import build_parser, run

    args = build_parser().parse_args(argv)
    if args.command is None:
        from desktop.views.application import run_gui

        return run_gui(args.db)
    return run(argv)


def _window_only(argv: list[str]) -> str | None:
    """'' for no arguments, FILE for `--db FILE` / `--db=FILE`; None for anything else."""
    if not argv:
        return ""
    if len(argv) == 2 and argv[0] == "--db" and argv[1] and not argv[1].startswith("-"):
        return argv[1]
    if len(argv) == 1 and argv[0].startswith("--db=") and len(argv[0]) > 5:
        return argv[0][5:]
    return None


if __name__ == "__main__":
    raise SystemExit(main())
