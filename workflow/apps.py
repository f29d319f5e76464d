from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowConfig(AppConfig):
    name = "workflow"
    verbose_name = _("办理流程")

    def ready(self) -> None:
        # Importing the services declares their actions (workflow.actions).
        from workflow import checks, services  # noqa: F401  (checks: registers W001, W002)
