from django.apps import AppConfig


class AuditConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "audit"
    verbose_name = "归档与监督"

    def ready(self) -> None:
        # Importing the services declares their actions (workflow.actions).
        from audit import services  # noqa: F401
