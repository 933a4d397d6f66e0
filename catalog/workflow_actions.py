"""WAGTAIL_FINISH_WORKFLOW_ACTION for the department workflows.

Kept free of module-level imports: Wagtail imports this while its own models load.
"""


def publish_approved(workflow_state, user=None):
    """The last approval publishes the approved revision.

    The department's reviewers approve but hold no publish permission of their own (so they
    cannot bypass review); the workflow's approval is the authority to publish.
    """
    revision = workflow_state.content_object.get_latest_revision()
    revision.publish(user=user, skip_permission_checks=True)
