from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "review"
    verbose_name = "专家评审与公示"

    def ready(self):
        from grants.schedule import EXTRA_JOBS
        from review.award import award_due

        if award_due not in EXTRA_JOBS:
            EXTRA_JOBS.append(award_due)

        # 拟资助决定, 发布公示 and 确定立项 need a second person (经办/审核).
        from review.approvals import register_actions

        register_actions()
