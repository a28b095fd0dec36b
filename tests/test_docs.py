"""The README is the front door: every command and setting must be documented there."""

from __future__ import annotations

from conftest import REPO
from ungawatch.cli import app
from ungawatch.settings import SETTINGS


def readme() -> str:
    return (REPO / "README.md").read_text("utf-8")


def test_every_setting_is_documented() -> None:
    text = readme()
    for setting in SETTINGS:
        assert setting.flag in text and setting.env in text, setting.name


def test_every_command_is_documented() -> None:
    text = readme()
    for command in app.registered_commands:
        name = command.name or (command.callback.__name__ if command.callback else "")
        assert f"ungawatch {name}" in text, name


def test_ci_runs_the_readme_test_command() -> None:
    ci = (REPO / ".ci" / "run").read_text("utf-8")
    command = "python -m pytest"
    assert command in readme() and command in ci
