"""Every text a page, an email or a PDF shows comes from the catalogue, and every form label
is translated: a text written straight into a template or a form reads in English on a Dutch
page (or the other way round)."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest
from django import forms
from django.template.base import Lexer, TokenType
from django.utils.functional import Promise

import voorrang

PACKAGE = Path(voorrang.__file__).parent
TEMPLATES = sorted(
    path
    for path in PACKAGE.rglob("templates/**/*")
    if path.is_file() and path.suffix in {".html", ".txt", ".svg", ".xml"}
)

# Text that is the same in every language: the product's and other names, units, codes.
ALLOWED = {
    "Voorrang",
    "DigiD",
    "Nederlands",
    "English",
    "m²",
    "SHA-256",
    "JSON",
    "CSV",
    "PDF",
    "HTML",
    "p",
    "n",
    # The t of a t-interval, a statistical symbol like p and n.
    "t",
}
# Attributes whose values a reader sees or hears.
VISIBLE_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder", "aria-roledescription")
PLACEHOLDER = "\x00"


def _words_outside_translation(source: str) -> list[str]:
    """The words of the template that are shown as written (not through translate or
    blocktranslate), after tags, comments, scripts and entities are taken out."""
    parts = []
    depth = 0  # inside blocktranslate, or comment
    for token in Lexer(source).tokenize():
        content = token.contents.strip()
        if token.token_type == TokenType.BLOCK:
            name = content.split(" ", 1)[0]
            if name in {"blocktranslate", "blocktrans", "comment"}:
                depth += 1
            elif name in {"endblocktranslate", "endblocktrans", "endcomment"}:
                depth -= 1
            parts.append(PLACEHOLDER)
        elif token.token_type == TokenType.TEXT and not depth:
            parts.append(token.contents)
        else:
            parts.append(PLACEHOLDER)
    text = "".join(parts)
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S | re.I)
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
    shown: list[str] = []
    for tag in re.findall(r"<[^>]*>", text):
        for name in VISIBLE_ATTRIBUTES:
            for value in re.findall(rf'\s{name}="([^"]*)"', tag):
                shown.append(value)
    text = re.sub(r"<[^>]*>", " ", text)
    text = " ".join([text, *shown])
    text = re.sub(r"&#?\w+;", " ", text)
    return [
        word
        for word in re.findall(r"[^\s\x00]*[^\W\d_][^\s\x00]*", text)
        if word.strip(".,:;()–-·|/*=") not in ALLOWED
        # A CSS class handed to a block of the base template.
        and not word.startswith("voorrang-")
    ]


def test_the_check_finds_text_written_straight_into_a_template() -> None:
    source = (
        '{% load i18n %}<p title="Hello">{% translate "Shown" %} Voorrang</p>'
        "{% blocktranslate %}Also {{ shown }}{% endblocktranslate %}<b>Not marked</b>"
    )
    assert _words_outside_translation(source) == ["Not", "marked", "Hello"]


def test_every_template_text_is_marked_for_translation() -> None:
    found = {
        str(path.relative_to(PACKAGE)): words
        for path in TEMPLATES
        if (words := _words_outside_translation(path.read_text(encoding="utf-8")))
    }
    assert found == {}


def _form_classes() -> list[type[forms.BaseForm]]:
    import importlib
    import pkgutil

    classes = []
    for module_info in pkgutil.walk_packages([str(PACKAGE)], prefix="voorrang."):
        if "migrations" in module_info.name or ".tests" in module_info.name:
            continue
        try:
            module = importlib.import_module(module_info.name)
        except Exception:  # a module that needs what tests do not have (a command's main)
            continue
        for _name, value in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(value, forms.BaseForm)
                and value.__module__ == module.__name__
                and value.__module__.startswith("voorrang.")
            ):
                classes.append(value)
    return classes


# Choices named in the active language by their own data rather than by the catalogue: a
# validated questionnaire has its own published wording in each language (surveys/instruments).
NAMED_BY_DATA = {("voorrang.surveys.forms.WaveCreateForm", "instruments")}


def _is_translated(text: object) -> bool:
    return text in (None, "") or isinstance(text, Promise)


def _untranslated(form_class: type[forms.BaseForm]) -> list[str]:
    problems = []
    model = getattr(getattr(form_class, "_meta", None), "model", None)
    try:  # fields added in __init__ too, where the form can be made without arguments
        fields = form_class().fields
    except Exception:
        fields = form_class.base_fields
    for name, field in fields.items():
        model_field = None
        if model is not None:
            try:
                model_field = model._meta.get_field(name)
            except Exception:
                model_field = None
        label_from_model = model_field is not None and field.label == getattr(
            model_field, "verbose_name", None
        )
        if not (_is_translated(field.label) or label_from_model):
            problems.append(f"{name}.label {field.label!r}")
        if not _is_translated(field.help_text):
            problems.append(f"{name}.help_text {field.help_text!r}")
        named_by_data = (f"{form_class.__module__}.{form_class.__name__}", name) in NAMED_BY_DATA
        if isinstance(field, forms.ModelChoiceField) or named_by_data:
            continue  # its choices are rows of the database, named by their own __str__
        for value, label in getattr(field, "choices", None) or []:
            if isinstance(label, (list, tuple)):
                continue
            if value not in (None, "") and not _is_translated(label) and label != str(value):
                problems.append(f"{name} choice {label!r}")
    return problems


def test_the_check_finds_a_label_written_as_plain_text() -> None:
    class Plain(forms.Form):
        name = forms.CharField(label="Name", help_text="Your name")
        kind = forms.ChoiceField(choices=[("a", "First")])

    assert _untranslated(Plain) == [
        "name.label 'Name'",
        "name.help_text 'Your name'",
        "kind choice 'First'",
    ]


@pytest.mark.django_db
def test_every_form_label_help_text_and_choice_is_a_lazy_translation() -> None:
    found = {
        f"{form_class.__module__}.{form_class.__name__}": problems
        for form_class in _form_classes()
        if (problems := _untranslated(form_class))
    }
    assert found == {}


def test_no_template_writes_a_month_as_a_capitalised_abbreviation() -> None:
    # Django's "M" capitalises the month's abbreviation ("10 Jan 2022" on a Dutch page); "F"
    # writes it in full and in the language's own case ("10 januari 2022").
    found = [
        f"{path.relative_to(PACKAGE)}: {form}"
        for path in TEMPLATES
        for form in re.findall(r'\|date:"([^"]*)"', path.read_text(encoding="utf-8"))
        if not re.fullmatch(r"[A-Z_]+", form) and "M" in form.replace("\\M", "")
    ]
    assert found == []
