"""The audit trail in words: one register from event code to what a person reads.

Events are stored with a code ("seeker.evidence_added"); wherever a history is shown to people
it reads as a sentence with the actor's name ("Bewijsstuk toegevoegd door Anna de Vries"),
never as the code.

Each app keeps the words of the codes it records in its own ``history.py``: a dict
``SENTENCES`` from code to a translatable phrase (gettext_lazy), written as what happened,
without who did it ("Evidence added"). This module collects them and adds the actor: "by Anna de
Vries" where the event has one, nothing where it was the application itself (an offer that
expired). A code that no app describes reads as "Change recorded", never as itself. Adding a
code: one line in your app's ``history.py`` (tests/audit/test_history_words.py fails until
every code the source records has one)."""

from __future__ import annotations

from functools import cache
from importlib import import_module
from typing import Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.utils.html import conditional_escape, format_html
from django.utils.module_loading import module_has_submodule
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# An event whose code no app describes.
FALLBACK = _("Change recorded")


@cache
def sentences() -> dict[str, Any]:
    """Every app's ``history.SENTENCES``, merged; a code described twice is a mistake."""
    found: dict[str, Any] = {}
    owner: dict[str, str] = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("voorrang.") or not module_has_submodule(
            config.module, "history"
        ):
            continue
        module = import_module(f"{config.name}.history")
        for code, phrase in getattr(module, "SENTENCES", {}).items():
            if code in found:
                raise ImproperlyConfigured(
                    f"the audit code {code!r} is described in {owner[code]} and {module.__name__}"
                )
            found[code] = phrase
            owner[code] = module.__name__
    return found


def event_phrase(action: str) -> Any:
    """What happened, without who did it ("Evidence added")."""
    return sentences().get(action, FALLBACK)


def actor_name(actor: Any) -> str:
    """The name of the person who acted: their full name, else their user name."""
    if actor is None:
        return ""
    return (actor.get_full_name() or "").strip() or actor.get_username()


def event_text(event: Any) -> str:
    """The event as a plain sentence: "Evidence added by Anna de Vries"."""
    phrase = event_phrase(event.action)
    name = actor_name(event.actor)
    if not name:
        return str(phrase)
    return gettext("%(what)s by %(actor)s") % {"what": phrase, "actor": name}


def event_sentence(event: Any) -> SafeString:
    """The event as a sentence for a page, the actor's name isolated (``<bdi>``), as every
    person's name on a page is (voorrang.person_names)."""
    phrase = event_phrase(event.action)
    name = actor_name(event.actor)
    if not name:
        return conditional_escape(phrase)
    return mark_safe(  # noqa: S308 - both parts are escaped here
        conditional_escape(gettext("%(what)s by %(actor)s"))
        % {"what": conditional_escape(phrase), "actor": format_html("<bdi>{}</bdi>", name)}
    )
