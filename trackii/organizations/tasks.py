"""Celery tasks of organizations: the e-mail of an invitation to an account.

Tasks take ids only: a token or an e-mail address never travels through the broker or
lands in the result store.
"""

from trackii.lib.tasks import mail_task
from trackii.organizations.services import account_invitation_deliver


@mail_task("trackii.organizations.tasks.account_invitation_send")
def account_invitation_send(invitation_id: int) -> str:
    """E-mail the invitation's link, with a token made here.

    Each run makes a new token and replaces the stored hash, so only the newest link
    works. A run repeated after a worker crash sends one more e-mail whose link
    supersedes the first. Accepted, revoked, expired or deleted invitations are skipped
    (and logged by id).
    """
    return account_invitation_deliver(invitation_id=invitation_id)
