"""OutboxMessage: one task to send to the broker, written in the transaction that needs it."""

from django.db import models
from django.utils import timezone


class OutboxMessageQuerySet(models.QuerySet):
    def pending(self):
        """Messages the broker has not taken yet, oldest first."""
        return self.filter(sent_at__isnull=True).order_by("created_at", "pk")


class OutboxMessage(models.Model):
    """A Celery task to send, by name, with its arguments: ids only (checked on the way in),
    never a name, a text or an address. Kept a while after sending, for an operator to see
    what went out and when; ``outbox_flush`` deletes sent messages after SENT_KEPT_FOR."""

    task_name = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_attempt_at = models.DateTimeField(null=True, blank=True)

    objects = OutboxMessageQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=models.Q(sent_at__isnull=True),
                name="outbox_pending_idx",
            ),
            models.Index(fields=["sent_at"], name="outbox_sent_idx"),
        ]

    def __str__(self) -> str:
        state = "sent" if self.sent_at else "pending"
        return f"{self.task_name}{tuple(self.args)} ({state})"
