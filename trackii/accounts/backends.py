"""The authentication backend: Django's, loading each request's user with what the
second-factor checks need (see UserQuerySet.with_second_factor_state), in one query."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class AccountBackend(ModelBackend):
    def get_user(self, user_id):
        try:
            user = get_user_model().objects.with_second_factor_state().get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
