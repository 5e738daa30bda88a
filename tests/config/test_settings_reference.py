"""docs/settings.md is generated from the declarations and kept up to date."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from voorrang.config.env import SETTINGS
from voorrang.config.reference import render_settings_reference

REFERENCE = Path(__file__).resolve().parents[2] / "docs" / "settings.md"


def test_the_committed_reference_is_up_to_date() -> None:
    assert REFERENCE.read_text(encoding="utf-8") == render_settings_reference(), (
        "docs/settings.md is out of date: run 'uv run voorrang manage settings_reference'"
    )


def test_the_reference_documents_every_setting() -> None:
    text = render_settings_reference()
    for setting in SETTINGS:
        assert f"## `{setting.name}`" in text
        assert setting.description in text


def test_the_command_writes_the_reference(tmp_path: Path) -> None:
    output = tmp_path / "docs" / "settings.md"

    call_command("settings_reference", output=output)

    assert output.read_text(encoding="utf-8") == render_settings_reference()
    call_command("settings_reference", output=output, check=True)


def test_the_command_reports_a_stale_reference(tmp_path: Path) -> None:
    output = tmp_path / "settings.md"
    output.write_text("# Settings reference\n\nOld.\n", encoding="utf-8")

    with pytest.raises(CommandError, match="out of date"):
        call_command("settings_reference", output=output, check=True)
    assert output.read_text(encoding="utf-8") == "# Settings reference\n\nOld.\n"
