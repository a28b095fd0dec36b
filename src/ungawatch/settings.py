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
DATA_DIR = Setting(
    "data_dir",
    "--data-dir",
    "UNGAWATCH_DATA_DIR",
    "ungawatch-data",
    "Folder for raw downloads: every UN Digital Library page sync fetches, kept compressed.",
)
UNDL_URL = Setting(
    "base_url",
    "--base-url",
    "UNGAWATCH_UNDL_URL",
    "https://digitallibrary.un.org",
    "UN Digital Library (or mirror) that sync asks; its /search must answer like the Library's.",
)
UNDL_PAUSE = Setting(
    "pause",
    "--pause",
    "UNGAWATCH_UNDL_PAUSE",
    "5",
    "Seconds to wait between two requests to the Library (politeness; 0 only for mirrors).",
)
UNDL_TIMEOUT = Setting(
    "timeout",
    "--timeout",
    "UNGAWATCH_UNDL_TIMEOUT",
    "60",
    "Seconds to wait for one page before the request is retried.",
)
UNDL_RETRIES = Setting(
    "retries",
    "--retries",
    "UNGAWATCH_UNDL_RETRIES",
    "8",
    "Attempts per page (timeouts, dropped connections, 429, 5xx, broken pages) before sync "
    "reports the page and stops that search.",
)
UNDL_BACKOFF = Setting(
    "backoff",
    "--backoff",
    "UNGAWATCH_UNDL_BACKOFF",
    "2",
    "Seconds before the first retry; doubles with each retry up to two minutes, plus random "
    "jitter of up to as much again. A 429's Retry-After wins.",
)
UNDL_PAGE_SIZE = Setting(
    "page_size",
    "--page-size",
    "UNGAWATCH_UNDL_PAGE_SIZE",
    "200",
    "Records per page (the rg parameter); the Library caps it server-side.",
)
UNDL_HEADERS = Setting(
    "headers",
    "--header",
    "UNGAWATCH_UNDL_HEADERS",
    "",
    "Extra request headers 'Name: value' for access the Library approved (repeat the flag; "
    "in the variable, one header per line).",
)
USER_AGENT = Setting(
    "user_agent",
    "--user-agent",
    "UNGAWATCH_USER_AGENT",
    "ungawatch/{version} (UN General Assembly sponsorship and vote tracker; "
    "set UNGAWATCH_USER_AGENT to name your contact)",
    "User-Agent sync sends; {version} is replaced by the ungawatch version. Name yourself.",
)
SETTINGS = (
    DB,
    DATA_DIR,
    UNDL_URL,
    UNDL_PAUSE,
    UNDL_TIMEOUT,
    UNDL_RETRIES,
    UNDL_BACKOFF,
    UNDL_PAGE_SIZE,
    UNDL_HEADERS,
    USER_AGENT,
)


def resolve_setting(setting: Setting, flag_value: str | None = None) -> str:
    """The value in force: the flag if given, else the environment, else the default."""
    if flag_value:
        return flag_value
    return os.environ.get(setting.env) or setting.default
