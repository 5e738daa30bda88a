from django.apps import AppConfig


class ConfigConfig(AppConfig):
    """Installed as an app only to carry the settings_reference management command."""

    name = "voorrang.config"
    # "config" alone is a common label; ours must not clash with another app's.
    label = "voorrang_config"
    verbose_name = "Voorrang configuration"
