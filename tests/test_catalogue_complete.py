"""Every user-facing string in the code and templates has a Dutch translation.

Django's makemessages runs over a copy of the package, so the committed catalogue is never
touched; the merged copy must have no untranslated or fuzzy entry."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.core.management import call_command

import voorrang

PACKAGE = Path(voorrang.__file__).parent

pytestmark = pytest.mark.gettext


def test_every_string_in_the_code_is_in_the_dutch_catalogue(tmp_path, settings) -> None:
    copy = tmp_path / "voorrang"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    settings.LOCALE_PATHS = [copy / "locale"]
    cwd = Path.cwd()
    os.chdir(copy)
    try:
        call_command("makemessages", locale=["nl"], no_obsolete=True, verbosity=0)
    finally:
        os.chdir(cwd)
    with (copy / "locale" / "nl" / "LC_MESSAGES" / "django.po").open("rb") as handle:
        catalogue = read_po(handle)
    missing = sorted(str(m.id) for m in catalogue if m.id and (not m.string or m.fuzzy))
    assert missing == [], f"{len(missing)} strings lack a Dutch translation"
