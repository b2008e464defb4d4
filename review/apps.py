from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "review"
    verbose_name = "专家评审与公示"

    def ready(self):
        from grants.schedule import EXTRA_JOBS
        from review.award import award_due

        if award_due not in EXTRA_JOBS:
            EXTRA_JOBS.append(award_due)

        # What review requires before a call or an application moves on, checked as conditions
        # of grants' own transitions (so the generic admin page is refused too).
        from grants.models.conditions import register_stage_check
        from review import plan_freeze
        from review.decisions import open_sheet_problems
        from review.publication import publicity_start_problems

        register_stage_check("call.start_review", plan_freeze.start_review_problems)
        register_stage_check("call.rereview", plan_freeze.rereview_problems)
        register_stage_check("call.start_publicity", publicity_start_problems)
        register_stage_check("application.finish_review", open_sheet_problems)
        register_stage_check("call.edit", plan_freeze.call_edit_problems)
        register_stage_check("category.edit", plan_freeze.category_edit_problems)

        # 拟资助决定, 发布公示 and 确定立项 need a second person (经办/审核).
        from review.approvals import register_actions

        register_actions()

        # Objections to settle and 公示 ending, on the staff to-do home (core.todo).
        from review.todo import register_panels

        register_panels()
