"""Put world objects in the state a staff form of the admin needs (`FormTarget.prepare`).

As in `fuzz_setup`: these run inside the test's savepoint, change rows with `update()` or add
rows, and never touch the world's Python objects.
"""

from decimal import Decimal

from tests.security.fuzz_setup import _set


def organization_pending(world, client) -> None:
    _set(world["org_a"], state="pending")


def application_submitted(world, client) -> None:
    _set(world["submitted"], state="submitted")


def assignment_submitted(world, client) -> None:
    """A handed-in score sheet the staff may send back to the expert."""
    _set(world["assignment"], state="submitted")


def recommendation_line(world, client) -> None:
    """The reviewed application of the review call has a line on the proposed list."""
    from grants.models import Application
    from review.models import RecommendationLine

    application = Application.objects.get(call=world["review_call"])
    _set(application, state="reviewed")
    RecommendationLine.objects.create(
        call=world["review_call"],
        application=application,
        position=1,
        final_score=Decimal("80.00"),
        requested=Decimal("50000.00"),
        proposed=True,
        proposed_why="funded",
        selected=True,
        amount=Decimal("50000.00"),
    )


def review_call_decided(world, client) -> None:
    """A decided list waiting for its 公示: the application is recommended, with its line."""
    from grants.models import Application

    recommendation_line(world, client)
    _set(Application.objects.get(call=world["review_call"]), state="recommended")


def tranche_payable(world, client) -> None:
    _set(world["project_tranche"], state="payable")


def report_submitted(world, client) -> None:
    _set(world["project_report"], state="submitted")


def adjustment_submitted(world, client) -> None:
    _set(world["budget_adjustment"], state="submitted")


def project_terminated_with_refund(world, client) -> None:
    _set(world["project"], state="terminated", refund_amount=Decimal("1000.00"))


def evaluation_submitted(world, client) -> None:
    _set(world["evaluation"], state="submitted")


def report_generated(world, client) -> None:
    _set(world["performance_report"], state="generated")


def system_admin(world, client) -> None:
    """Staff are system administrators for this test (the two-person settings are theirs)."""
    type(world.users["staff"]).objects.filter(pk=world.users["staff"].pk).update(is_superuser=True)


def catalogue_moderator(world, client) -> None:
    """Staff get the catalogue permission of the CMS moderators for this test."""
    from django.contrib.auth.models import Permission

    staff = world.users["staff"]
    staff.user_permissions.add(Permission.objects.get(codename="manage_catalogue"))
