from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettersConfig(AppConfig):
    name = "letters"
    verbose_name = _("文书")

    def ready(self) -> None:
        # Importing the services declares their actions (workflow.actions); importing the
        # subscribers registers them for the domain events (workflow.events).
        from letters import issuing, subscribers  # noqa: F401
