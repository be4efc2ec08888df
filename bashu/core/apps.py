from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "bashu.core"
    label = "core"
    verbose_name = _("基础数据与审计")

    def ready(self) -> None:
        from bashu.core.roles import role_groups_ensure

        # After every app (permissions of later apps exist only once their own migrate ran).
        post_migrate.connect(role_groups_ensure, dispatch_uid="bashu_role_groups")
        from bashu.core.throttling import cache_table_ensure

        # The rate limits' counters live in the database cache's table.
        post_migrate.connect(cache_table_ensure, sender=self, dispatch_uid="bashu_cache_table")
