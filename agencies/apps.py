from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AgenciesConfig(AppConfig):
    name = "agencies"
    verbose_name = _("机关与人员")

    def ready(self) -> None:
        from agencies import checks  # noqa: F401  (registers the remedy-settings check)
        from agencies.roles import ensure_role_groups

        # Groups need the permissions rows, which Django creates in post_migrate too.
        post_migrate.connect(ensure_role_groups, dispatch_uid="agencies.ensure_role_groups")
