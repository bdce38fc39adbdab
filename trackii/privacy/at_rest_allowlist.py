"""The text fields of trackii's own models that are stored in clear, each with the reason.

Every other CharField, TextField and JSONField (subclasses included) of the project's
apps must be an Encrypted* field (trackii/privacy/fields.py):
tests/privacy/test_fields_at_rest.py walks the models and fails on any field that is
neither, so a new field cannot slip into the database in clear. Adding a line here is a
privacy decision: say why a database dump may show the value (DESIGN.md section 5: "a
database dump reveals structure and code names, not content").

Keys are "app_label.Model.field".
"""

#: Fields kept in clear on purpose, and why a dump may show them.
ALLOWED_IN_CLEAR: dict[str, str] = {
    # --- Code names: shown instead of what they hide, by design.
    "dialogues.Dialogue.code_name": "the cover name shown everywhere instead of the real title",
    # --- Enumerations: a fixed set of values the code knows, no typed text.
    "dialogues.Dialogue.status": "choice",
    "dialogues.Dialogue.track": "choice",
    "dialogues.Dialogue.agreement_rule": "choice (the custom rule's text is a ParticipantText)",
    "dialogues.Dialogue.reference_language": "choice (a shipped language's code)",
    "dialogues.ParticipantText.kind": "choice",
    "dialogues.ParticipantText.language": "choice (a shipped language's code)",
    "dialogues.Dialogue.default_level": "choice (privacy level)",
    "dialogues.ChangeStatement.level": "choice (privacy level)",
    "dialogues.Indicator.measure": "choice",
    "dialogues.Indicator.direction": "choice",
    "dialogues.Venue.kind": "choice",
    "dialogues.Round.methodology": "choice",
    "dialogues.Funder.kind": "choice",
    "dialogues.Funding.status": "choice",
    "participants.Person.position_kind": "choice",
    "participants.Person.gender": "choice",
    "participants.Person.preferred_language": "choice (a shipped language's code)",
    "participants.Participant.level": "choice (privacy level)",
    "participants.Participant.state": "choice",
    "participants.VettingNote.level": "choice (privacy level)",
    "participants.Invitation.response": "choice",
    "participants.ConsentRecord.via": "choice",
    "participants.ConsentRecord.agreement_language": "choice (a shipped language's code)",
    "facilitation.Session.format": "choice",
    "facilitation.Note.level": "choice (privacy level)",
    "facilitation.TrustStep.level": "choice (privacy level)",
    "facilitation.TrustStep.kind": "choice",
    "facilitation.Option.level": "choice (privacy level)",
    "facilitation.Option.state": "choice",
    "facilitation.OptionLineage.kind": "choice",
    "facilitation.OptionTopic.topic": "choice",
    "facilitation.OptionEvent.from_state": "choice",
    "facilitation.OptionEvent.to_state": "choice",
    "facilitation.OptionStance.stance": "choice",
    "facilitation.TrustReading.source": "choice",
    "facilitation.LiveRemoval.kind": "choice",
    "facilitation.SessionSummary.level": "choice (privacy level)",
    "facilitation.Transfer.level": "choice (privacy level)",
    "facilitation.Transfer.channel": "choice",
    "facilitation.Transfer.recipient_kind": "choice",
    "facilitation.Transfer.response_kind": "choice",
    "facilitation.Outcome.level": "choice (privacy level)",
    "facilitation.Outcome.who_kind": "choice",
    "facilitation.Outcome.significance": "choice",
    "workflows.Export.kind": "choice",
    "workflows.Export.format": "choice",
    "workflows.Export.status": "choice",
    "workflows.Export.failure": "choice (why a build failed, in the code's words)",
    "reports.Report.period_kind": "choice",
    "reports.Report.status": "choice",
    "privacy.Membership.role": "choice (role in a dialogue)",
    "privacy.AuditEvent.action": "choice",
    "organizations.OrganizationMembership.role": "choice",
    "organizations.AccountInvitation.dialogue_role": "choice",
    "organizations.AccountInvitation.org_role": "choice",
    # --- Codes and names from fixed public lists, validated against them.
    "dialogues.Venue.time_zone": "a tz database name; needed in clear to plan sessions' times",
    "dialogues.Venue.currency": "an ISO 4217 code",
    "dialogues.Funding.currency": "an ISO 4217 code",
    # --- Hashes, digests and machine identifiers: nothing typed by a person.
    "accounts.User.password": "a salted password hash (Django's hashers)",
    "accounts.User.pending_email_token_hash": "hash of a confirmation token",
    "accounts.User.language": "choice (a shipped language's code)",
    "accounts.UserSession.session_key": "the session id, looked up on each request",
    "accounts.ReminderOptOut.kind": "choice (a kind of reminder a user turned off)",
    "organizations.AccountInvitation.token_hash": "hash of an invitation token",
    "participants.Invitation.token_hash": "hash of an invitation token",
    "facilitation.TrustReading.holder": (
        "keyed hash (HMAC) of a reading link and a random key kept in the giver's browser: "
        "one reading per browser, nothing that names the giver"
    ),
    "participants.ConsentRecord.agreement_digest": "SHA-256 of the agreement text consented to",
    "facilitation.ReadingLink.token_hash": "hash of a reading-link token",
    "passkeys.Passkey.credential_id": "the authenticator's credential id, looked up at login",
    # --- Login addresses: SQL must find an account by its address.
    "accounts.User.email": "the login address, looked up (case-insensitively) at each login",
    "accounts.User.pending_email": "a login address being confirmed; checked against User.email",
    "accounts.EmailChangeNotice.old_email": "a former login address, kept until it is told",
    # --- Machinery that by rule carries ids and counts only.
    "privacy.AuditEvent.object_type": "a model label (e.g. facilitation.note)",
    "privacy.AuditEvent.object_id": "a primary key",
    "privacy.AuditEvent.detail": "ids and counts only (tests/security/test_log_canaries.py)",
    "outbox.OutboxMessage.task_name": "a task's dotted path",
    "outbox.OutboxMessage.args": "task arguments: ids only, never text (threat model)",
    "accounts.UserSession.user_agent": "the browser's own User-Agent header, shown on sign-ins",
    # --- Not yet encrypted (issue 13): a debt, listed in docs/threat-model.md "Not yet".
    "passkeys.Passkey.name": "NOT YET encrypted: the label a user gave a passkey; inherited "
    "from django_otp's Device, whose code reads it",
}
