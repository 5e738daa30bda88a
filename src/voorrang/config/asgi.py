"""ASGI entry point, for a server such as uvicorn: ``voorrang.config.asgi:application``."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "voorrang.config.settings")

application = get_asgi_application()
