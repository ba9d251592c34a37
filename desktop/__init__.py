"""PlanDesk 期程管制 — the work-plan schedule control table for Taipei district offices."""

__version__ = "0.1.0"
APP_NAME = "PlanDesk"
APP_TITLE = "PlanDesk 期程管制"
