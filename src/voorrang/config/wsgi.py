"""WSGI entry point, for a server such as gunicorn: ``voorrang.config.wsgi:application``
(production settings in ``voorrang.config.gunicorn``)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "voorrang.config.settings")

application = get_wsgi_application()


def warm() -> None:
    """Load now what Django otherwise loads on a process's first request: the URL patterns
    (every view module with them) and the translation catalogues of every language. With
    gunicorn's ``preload_app`` this runs once, before the workers are forked. It opens no
    database connection."""
    from django.conf import settings
    from django.urls import get_resolver
    from django.utils import translation

    get_resolver().url_patterns  # noqa: B018 - imports the URL configuration and its views
    get_resolver()._populate()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Dutch")


warm()
