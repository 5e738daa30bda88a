"""The settings reference (docs/settings.md), written from the declarations in config/env/."""

from __future__ import annotations

from voorrang.config.env import SETTINGS, Kind, Setting

HEADER = """\
# Settings reference

<!-- Generated from src/voorrang/config/env/ by `voorrang manage settings_reference`.
     Do not edit by hand: change the declaration and run the command again. -->

Voorrang reads these environment variables when it starts. A variable that is unset or empty
takes its default. `voorrang demo` and `voorrang serve` need none of them set.
"""


def _type(setting: Setting) -> str:
    if setting.kind is Kind.CHOICE:
        return "one of " + ", ".join(f"`{choice}`" for choice in setting.choices)
    return setting.kind.value


def _default(setting: Setting) -> str:
    if setting.default is None:
        return setting.default_text
    return f"`{setting.default}`" if setting.default else "empty"


def render_settings_reference() -> str:
    """The Markdown text of docs/settings.md."""
    lines = [HEADER, "| Variable | Type | Default |", "| --- | --- | --- |"]
    lines += [f"| [`{s.name}`](#{s.name.lower()}) | {_type(s)} | {_default(s)} |" for s in SETTINGS]
    for setting in SETTINGS:
        lines += [
            "",
            f"## `{setting.name}`",
            "",
            setting.description,
            "",
            f"- Type: {_type(setting)}",
            f"- Default: {_default(setting)}",
        ]
    return "\n".join(lines) + "\n"
