from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "门户网站"

    def ready(self):
        from django.db.models.signals import post_delete, post_migrate, post_save

        from cms.permission_names import rename_permissions

        # Django names permissions in English once; the group editor shows them in Chinese.
        post_migrate.connect(rename_permissions, dispatch_uid="cms-permission-names")

        from cms import wagtail_labels

        wagtail_labels.apply()

        from cms.models import CatalogueEntryPage
        from cms.models.incubation import page_url_for
        from cms.search import index_on_save, unindex_on_delete
        from orgs.incubation.public import register_page_url_provider

        # The plain /incubation/ addresses and every list of bases link to the Wagtail pages.
        register_page_url_provider(page_url_for)

        # A purchase project's confirmed contract becomes a 合同公告 (projects cannot import cms).
        from cms.contract_publishing import on_contract_confirmed
        from projects.signals import contract_confirmed

        contract_confirmed.connect(on_contract_confirmed, dispatch_uid="cms-contract-announcement")

        # CatalogueEntryPage opts out of modelsearch's handlers (search_auto_update = False) so
        # that bulk imports can defer indexing; these handlers do the same job otherwise.
        post_save.connect(index_on_save, sender=CatalogueEntryPage, dispatch_uid="cms-index-entry")
        post_delete.connect(
            unindex_on_delete, sender=CatalogueEntryPage, dispatch_uid="cms-unindex-entry"
        )

        # Records that stop being public leave the search index (cms.search_sync).
        from cms.search_sync import connect

        connect()

        # Which public URLs show a record, for purging a proxy in front (core.public_cache).
        from cms import public_urls

        public_urls.register()
