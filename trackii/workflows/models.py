"""Exports for the team: a file built in the background, kept encrypted for a while.

An export spans apps (participants and facilitation), so it lives here, above them.
"""

import base64

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trackii.privacy.fields import EncryptedTextField
from trackii.privacy.models import DialogueScopedQuerySet
from trackii.privacy.roles import EXPORT_ROLES as EXPORTERS


class ExportQuerySet(DialogueScopedQuerySet):
    readers = EXPORTERS

    def visible_to(self, user):
        """Only the exports `user` asked for, in dialogues where they still may export.

        A file holds what its creator may read, which may be more than any other member
        may: nobody else, organizers included, ever sees it or learns that it exists.
        """
        return super().visible_to(user).filter(created_by=user)


class Export(models.Model):
    class Kind(models.TextChoices):
        PARTICIPANTS = "participants", _("Participants")
        NOTES = "notes", _("Notes")
        OPTIONS = "options", _("Options with stances and states")
        TRUST_READINGS = "trust_readings", _("Trust readings")
        TRUST_STEPS = "trust_steps", _("Trust-building steps")
        TRANSFERS = "transfers", _("Transfers")
        OUTCOMES = "outcomes", _("Outcomes")
        ALL = "all", _("Everything, one sheet per kind")

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", _("Excel workbook (XLSX)")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to start")
        RUNNING = "running", _("Being built")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    class Failure(models.TextChoices):
        NO_ACCESS = (
            "no_access",
            _("You no longer have access to this dialogue's data, so nothing was exported."),
        )
        ERROR = "error", _("The export could not be built. Please try again.")

    dialogue = models.ForeignKey(
        settings.TRACKII_DIALOGUE_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    format = models.CharField(max_length=4, choices=Format.choices)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(default=0)
    rows = models.PositiveIntegerField(default=0)
    #: Why the build failed, shown to the person who asked (never row content).
    failure = models.CharField(max_length=10, choices=Failure.choices, blank=True)
    #: The file, base64, encrypted like every text: a database dump shows no row of it.
    content = EncryptedTextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    #: After this the file is neither served nor kept (exports_purge_expired deletes it).
    expires_at = models.DateTimeField()

    objects = ExportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["expires_at"])]

    def __str__(self):
        return f"Export #{self.pk}"

    @property
    def is_done(self) -> bool:
        return self.status in (self.Status.READY, self.Status.FAILED)

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    def file_bytes(self) -> bytes:
        return base64.b64decode(self.content) if self.content else b""

    def filename(self) -> str:
        """The code name (never the title), the kind and the format: safe in a header."""
        from trackii.lib.spreadsheet import safe_filename

        return safe_filename(f"{self.dialogue.code_name}-{self.kind}-{self.pk}", self.format)
