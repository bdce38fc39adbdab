"""The outbox: work for the Celery worker, written to the database with the change that asks
for it, and sent to the broker after the commit, or later, when the broker is back.

Without it a report build or an invitation e-mail asked for while Redis is down would be lost
(``transaction.on_commit(task.delay)`` can only log the failure). With it the request saves
the change and the message together; if Redis refuses the message it stays pending, and
``outbox_flush`` (run by beat every minute, by ``manage.py flush_outbox``, and queued after
the next message that does get through) sends it.

A message names a task and carries ids only, like the tasks themselves: nothing confidential
is ever stored here.
"""
