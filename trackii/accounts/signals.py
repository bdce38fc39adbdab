"""Session bookkeeping on every login and logout, whichever view (or test) logs in.

Bookkeeping only, like the audit receivers in trackii.privacy.signals: no workflow
hangs on these signals.
"""

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from trackii.accounts import services, session_state


@receiver(user_logged_in)
def record_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        session_state.login_started(request, user)


@receiver(user_logged_out)
def forget_session(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        services.session_forget(session_key=request.session.session_key)
