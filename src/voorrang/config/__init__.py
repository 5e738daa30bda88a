"""The Django project: settings, URLs, WSGI/ASGI entry points and the runtime the CLI calls."""
