from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettersConfig(AppConfig):
    name = "letters"
    verbose_name = _("文书")

    def ready(self) -> None:
        # Importing the services declares their actions (workflow.actions).
        from letters import issuing  # noqa: F401
