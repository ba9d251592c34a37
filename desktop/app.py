"""Entry point: a command runs headless; no command opens the window."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    db = _window_only(argv)
    if db is not None:  # the window: skip building every command's parser (it imports them all)
        return _window(db or None)
    from desktop.cli import build_parser, run

    args = build_parser().parse_args(argv)
    if args.command is None:
        return _window(args.db)
    return run(argv)


def _window(db: str | None) -> int:
    """The window. Python's cyclic garbage collector waits while it is built: ≈ 70 collections
    (12–25 ms of the start) over objects that all live on; it runs again from the first paint."""
    import gc

    paused = gc.isenabled()
    gc.disable()
    try:
        from desktop.views.application import run_gui

        return run_gui(db, resume_gc=paused)
    finally:
        if paused:
            gc.enable()


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
