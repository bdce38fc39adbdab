"""Celery tasks of accounts: the e-mails of a change of login address.

Tasks take ids only: a token or an e-mail address never travels through the broker or
lands in the result store. Both are idempotent enough to run twice (a worker killed
before its acknowledgement): a second confirmation e-mail carries a newer link that
supersedes the first; a second notice finds its row gone and sends nothing.
"""

from trackii.accounts.services import email_change_deliver, email_change_notice_deliver
from trackii.lib.tasks import mail_task


@mail_task("trackii.accounts.tasks.email_change_send")
def email_change_send(user_id: int) -> str:
    """E-mail the link that confirms the user's pending address, to that address.

    Each run makes a new token and replaces the stored hash, so only the newest link works.
    """
    return email_change_deliver(user_id=user_id)


@mail_task("trackii.accounts.tasks.email_change_notice_send")
def email_change_notice_send(notice_id: int) -> str:
    """Tell the old address that the account's login address changed."""
    return email_change_notice_deliver(notice_id=notice_id)
