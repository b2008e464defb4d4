from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "第三方评估与绩效评价"

    def ready(self):
        from grants.schedule import EXTRA_JOBS
        from reports.generation import scheduled_job

        if scheduled_job not in EXTRA_JOBS:
            EXTRA_JOBS.append(scheduled_job)

        # 审定评估结果 and 公开报告 need a second person (经办/审核).
        from reports.approvals import register_actions

        register_actions()

        # Evaluations to accept and reports to review, on the to-do home (core.todo).
        from reports.todo import register_panels

        register_panels()
