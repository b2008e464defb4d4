"""What happens when a moderation workflow is approved (settings.WAGTAIL_FINISH_WORKFLOW_ACTION).

Kept free of model imports: Wagtail resolves the setting while its own models are loading.
"""


def publish_approved(workflow_state, user=None):
    """Publish the approved revision.

    The approval is the authorisation: moderators approve without holding the publish permission
    themselves, so nobody (but a superuser) can publish their own edits without a second person.
    Wagtail's default action would check the approver's publish permission.
    """
    revision = workflow_state.content_object.get_latest_revision()
    revision.publish(user=user, skip_permission_checks=True)
