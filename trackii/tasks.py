"""Tasks of the project itself rather than of one app."""

import socket

from celery import shared_task

from trackii import health


@shared_task(bind=True, name="trackii.tasks.healthcheck")
def healthcheck(self) -> dict[str, str]:
    """Prove that a real worker took a task from the broker and reached the database.

    Runs ``SELECT 1`` and answers which worker did it. It takes no arguments, so nothing
    confidential ever travels through the broker for it; a failing database raises, and the
    caller sees the task fail rather than a made-up "down".
    """
    return {
        "database": health.check_database(),
        "worker": self.request.hostname or socket.gethostname(),
    }
