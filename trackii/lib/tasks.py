"""What trackii's Celery tasks retry on, and the one way its e-mail tasks are declared."""

import smtplib

from celery import shared_task
from django.db import InterfaceError, OperationalError

#: A database that restarts or a connection that drops: worth trying again a little later.
#: (Django wraps psycopg's errors in these; a programming error is not retried.)
TRANSIENT_DB_ERRORS = (OperationalError, InterfaceError)

#: Mail server trouble, or a database that restarts.
MAIL_ERRORS = (smtplib.SMTPException, ConnectionError, TimeoutError, *TRANSIENT_DB_ERRORS)


def mail_task(name: str):
    """A task that sends e-mail: acknowledged late (a killed worker's mail is sent by
    another), retried with backoff from 30 s to an hour, eight times at most."""
    return shared_task(
        name=name,
        acks_late=True,
        autoretry_for=MAIL_ERRORS,
        retry_backoff=30,
        retry_backoff_max=60 * 60,
        retry_jitter=True,
        max_retries=8,
    )
