"""WSGI entry point, for a server such as gunicorn: ``voorrang.config.wsgi:application``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "voorrang.config.settings")

application = get_wsgi_application()
