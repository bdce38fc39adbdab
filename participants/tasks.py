"""Celery tasks of the participants area.

Tasks take ids only: a token, a name or an e-mail address never travels through
the broker or lands in the result store.
"""

from participants.services import pipeline
from participants.services.invitations import invitation_deliver
from trackii.lib.tasks import mail_task


@mail_task("participants.tasks.invitation_send")
def invitation_send(invitation_id: int) -> str:
    """E-mail the invitation's private link, with a fresh token.

    Each run makes a new token and replaces the stored hash, so only the newest link
    works: that is what "re-send" means. A run repeated after a worker crash sends
    one more e-mail whose link supersedes the first; nothing else is duplicated.
    Revoked, expired or deleted invitations, and people without an e-mail address,
    are skipped (and logged by id).
    """
    return invitation_deliver(invitation_id=invitation_id)


@mail_task("participants.tasks.withdrawal_notify")
def withdrawal_notify(participant_id: int) -> int:
    """Tell the dialogue's organizers that a participant withdrew (code name only).

    A run repeated after a worker crash sends the notice again; nothing else changes."""
    return pipeline.withdrawal_notify(participant_id=participant_id)
