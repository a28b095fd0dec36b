"""Settings, declared once: name, environment variable, default and help.

Precedence is flag > environment > default, resolved in `resolve_setting`; the CLI builds its
options from these declarations and a test checks that the README documents each one.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    flag: str
    env: str
    default: str
    help: str


DB = Setting(
    "db", "--db", "UNGAWATCH_DB", "ungawatch.duckdb", "DuckDB database file to read and write."
)
SETTINGS = (DB,)


def resolve_setting(setting: Setting, flag_value: str | None = None) -> str:
    """The value in force: the flag if given, else the environment, else the default."""
    if flag_value:
        return flag_value
    return os.environ.get(setting.env) or setting.default
