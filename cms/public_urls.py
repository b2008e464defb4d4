"""Which public URLs show a record: the one list, for purging a proxy or CDN in front.

The platform's own page cache does not need it (every write to a public table replaces its
generation token, core/public_cache/generation.py); a proxy keeps pages by URL, so after a
change core.public_cache.registry purges what these functions return plus the list pages.
A mapper may return more than is shown (a purge too many costs one miss), never less.
"""

from django.urls import reverse

from core.public_cache import registry


def _publicity(p):
    return [
        reverse("review_public:publicity", args=[p.pk]),
        reverse("review_public:result", args=[p.pk]),
    ]


def _of_publicity(obj):
    return _publicity(obj.publicity) if obj.publicity_id else []


def _project(project):
    return [reverse("projects_public:detail", args=[project.pk])]


def _of_project(obj):
    return _project(obj.project) if obj.project_id else []


def _call(call):
    page = getattr(call, "public_page", None) if call.pk else None
    urls = [reverse("evaluations_public:call", args=[call.pk])]
    if page is not None and page.url:
        urls.append(page.url)
    return urls


def _evaluation(evaluation):
    return [*_of_project(evaluation), *_call(evaluation.project.call)]


def _report(report):
    return _evaluation(report.evaluation) if report.evaluation_id else []


def _need(need):
    return [reverse("needs_public:detail", args=[need.pk])]


def _meeting(meeting):
    return [reverse("needs_public:meeting", args=[meeting.pk])]


def _lists():
    """Pages listing many records: home, directories, indexes, figures."""
    from cms.models import (
        AnnouncementIndexPage,
        CallIndexPage,
        IncubationIndexPage,
        NoticeIndexPage,
    )

    paths = {"/"}
    for name in (
        "review_public:index",
        "projects_public:directory",
        "needs_public:board",
        "needs_public:meetings",
        "evaluations_public:index",
        "evaluations_public:figures",
        "incubation_public:index",
    ):
        paths.add(reverse(name))
    for model in (AnnouncementIndexPage, CallIndexPage, IncubationIndexPage, NoticeIndexPage):
        for page in model.objects.live():
            if page.url:
                paths.add(page.url)
    return paths


def register() -> None:
    from grants.models import Call
    from needs.models import MeetingMatch, Need, RecommendationMeeting
    from orgs.models import Incubation, IncubationBase, Organization
    from projects.models import ChangeRequest, FundedProject, ProgressReport
    from reports.models import Evaluation, PerformanceReport
    from review.models import Objection, Publicity, PublicityNotice, PublishedVersion

    registry.register_lists(_lists)
    registry.register(Publicity, _publicity)
    for model in (Objection, PublicityNotice, PublishedVersion):
        registry.register(model, _of_publicity)
    registry.register(FundedProject, _project)
    for model in (ChangeRequest, ProgressReport):
        registry.register(model, _of_project)
    registry.register(Call, _call)
    registry.register(Evaluation, _evaluation)
    registry.register(PerformanceReport, _report)
    registry.register(Need, _need)
    registry.register(RecommendationMeeting, _meeting)
    registry.register(MeetingMatch, lambda m: _meeting(m.meeting) if m.meeting_id else [])
    # An organization appears on project pages and in incubation lists: those are list pages.
    for model in (Organization, Incubation, IncubationBase):
        registry.register(model, lambda obj: [])
