from django.apps import AppConfig


class ConfigConfig(AppConfig):
    """Installed as an app to carry the settings_reference management command and the checks
    of the installation's settings."""

    name = "voorrang.config"
    # "config" alone is a common label; ours must not clash with another app's.
    label = "voorrang_config"
    verbose_name = "Voorrang configuration"

    def ready(self) -> None:
        from voorrang.config import checks  # noqa: F401 - registers the checks
