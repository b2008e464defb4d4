from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = "资助项目"

    def ready(self):
        from grants.schedule import EXTRA_JOBS
        from grants.signals import application_awarded
        from orgs.incubation.public import register_funded_projects_provider
        from projects.creation import on_application_awarded
        from projects.public import funded_projects_of, funded_projects_of_many
        from projects.reporting import scheduled_job

        # An award (sent by review inside its transaction) creates the funded project.
        application_awarded.connect(on_application_awarded, dispatch_uid="projects.create_project")
        # 未结项目: the funded projects themselves say which are not closed out, in any call.
        from grants import eligibility
        from projects.eligibility import open_projects

        eligibility.register_unfinished_project_check(open_projects)
        # An incubated organization's public page lists its funded projects.
        register_funded_projects_provider(funded_projects_of, many=funded_projects_of_many)
        # An organization with a public funded project is shown publicly (site search).
        from orgs.public_presence import register_public_presence
        from projects.public import organizations_shown

        register_public_presence(organizations_shown)
        # Overdue reports and tranches due by date run with the grants scheduler.
        if scheduled_job not in EXTRA_JOBS:
            EXTRA_JOBS.append(scheduled_job)

        # 登记拨付 need a second person (经办/审核).
        from projects.approvals import register_actions

        register_actions()

        # Agreements to confirm, reports to review and overdue, on the to-do home (core.todo).
        from projects.todo import register_panels

        register_panels()
