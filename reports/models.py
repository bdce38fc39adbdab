"""Funder progress reports: a snapshot of anonymized, suppressed figures that organizers
review and publish. A report is never a live window into the data (issue #7)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from trackii.privacy.fields import EncryptedCharField, EncryptedJSONField, EncryptedTextField
from trackii.privacy.models import Membership
from trackii.privacy.roles import Role


class ReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Reports `user` may read.

        - organizers of the dialogue: all its reports, drafts included;
        - funders of the dialogue: its published reports only;
        - facilitators, participants, observers, non-members, anonymous: nothing
          (a report is written for funders; the team reads the data itself).
        """
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        organizes = Membership.objects.dialogue_ids(user, {Role.ORGANIZER})
        funds = Membership.objects.dialogue_ids(user, {Role.FUNDER})
        return self.filter(
            models.Q(dialogue_id__in=organizes)
            | models.Q(dialogue_id__in=funds, status=Report.Status.PUBLISHED)
        )

    def published(self):
        return self.filter(status=Report.Status.PUBLISHED)

    def ever_published(self):
        """Published now or withdrawn since: what a funder may have read and kept."""
        return self.filter(status__in=Report.FROZEN)

    def withdrawal_notices(self, user):
        """The withdrawn reports of the dialogues `user` funds: what their dashboard tells
        them was taken back (title and dates only; the report itself is no longer theirs
        to read)."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        funds = Membership.objects.dialogue_ids(user, {Role.FUNDER})
        return self.filter(dialogue_id__in=funds, status=Report.Status.WITHDRAWN)


class ReportManager(models.Manager.from_queryset(ReportQuerySet)):
    def get_queryset(self):
        # The PDF's bytes are read by its download alone, never with a list or a page.
        return super().get_queryset().defer("pdf")


class Report(models.Model):
    """One funder report of one dialogue for one period.

    `snapshot` holds the computed, already-suppressed figures only, never rows, names or
    text. Once published the report is frozen: no rebuild, no narrative edit.
    """

    class Period(models.TextChoices):
        ROUND = "round", _("One round")
        RANGE = "range", _("A date range")
        WHOLE = "whole", _("The whole dialogue so far")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        BUILDING = "building", _("Building")
        READY = "ready", _("Ready for review")
        PUBLISHED = "published", _("Published")
        #: Published, then taken back by an organizer: funders no longer read it, the
        #: frozen copy stays for the audit and still counts for the release rule.
        WITHDRAWN = "withdrawn", pgettext_lazy("report status", "Withdrawn")

    dialogue = models.ForeignKey(
        "dialogues.Dialogue", on_delete=models.CASCADE, related_name="reports"
    )
    title = EncryptedCharField(_("title (shown to funders)"), max_length=120)
    period_kind = models.CharField(
        _("period"), max_length=8, choices=Period.choices, default=Period.WHOLE
    )
    round = models.ForeignKey(
        "dialogues.Round",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("round"),
    )
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("to"), null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    narrative = EncryptedTextField(
        _("narrative for the funder (Markdown)"), blank=True, max_length=20_000
    )
    snapshot = EncryptedJSONField(default=dict, blank=True, editable=False)
    #: Which contributors (keyed hashes of record ids, reports.release) fed each cell about
    #: people that the snapshot releases: what later reports are checked against.
    release_ledger = EncryptedJSONField(default=dict, blank=True, editable=False)
    progress = models.PositiveSmallIntegerField(default=0, editable=False)
    #: The organizer whose view of the data the snapshot is computed from.
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    built_at = models.DateTimeField(null=True, blank=True, editable=False)
    #: The PDF of the snapshot, rendered in the background after each build and frozen
    #: with it once published; `pdf_of_build` is the snapshot's `built_at` it was drawn from.
    pdf = models.BinaryField(null=True, blank=True, editable=False)
    pdf_of_build = models.DateTimeField(null=True, blank=True, editable=False)
    #: The dialogue's k the PDF was drawn under: raising k draws it again (reports.release).
    pdf_k = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = ReportManager()

    #: Published now or once: frozen, and what a funder may have read.
    FROZEN = (Status.PUBLISHED, Status.WITHDRAWN)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["dialogue", "status"])]

    def __str__(self):
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_withdrawn(self) -> bool:
        return self.status == self.Status.WITHDRAWN

    @property
    def is_frozen(self) -> bool:
        """Published now or once: its figures and narrative never change again."""
        return self.status in self.FROZEN

    @property
    def pdf_ready(self) -> bool:
        """A PDF of the current snapshot, under the dialogue's current k, is stored (it lags
        a build, or a change of k, by a few seconds)."""
        return (
            self.built_at is not None
            and self.pdf_of_build == self.built_at
            and self.pdf_k == self.dialogue.k_threshold
        )

    def clean(self):
        errors = {}
        if self.period_kind == self.Period.ROUND:
            if not self.round_id:
                errors["round"] = _("Choose the round the report covers.")
            elif self.dialogue_id and self.round.dialogue_id != self.dialogue_id:
                errors["round"] = _("That round belongs to another dialogue.")
        if self.period_kind == self.Period.RANGE:
            if not self.starts_on:
                errors["starts_on"] = _("Give the first day of the period.")
            if not self.ends_on:
                errors["ends_on"] = _("Give the last day of the period.")
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The period cannot end before it starts.")
        if errors:
            raise ValidationError(errors)

    def period_bounds(self):
        """(first day, last day) of the period; None for an open end."""
        if self.period_kind == self.Period.ROUND and self.round_id:
            return self.round.starts_on, self.round.ends_on
        if self.period_kind == self.Period.RANGE:
            return self.starts_on, self.ends_on
        return None, None
