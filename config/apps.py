from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The site itself: settings, URLs, and the checks of its settings at startup."""

    name = "config"
    label = "site"
    verbose_name = "站点"

    def ready(self) -> None:
        from config import checks  # noqa: F401 - registers the system checks
