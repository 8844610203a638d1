"""Password rules with messages in our catalogue.

Django 5.2 words the minimum-length message with a bare ``%d`` that its own Chinese catalogue
does not translate yet (only the older ``%(min_length)d`` wording is), so a user changing
their password read it in English. Same rule, our wording.
"""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return ngettext(
            "This password is too short: it must have at least %(count)d character.",
            "This password is too short: it must have at least %(count)d characters.",
            self.min_length,
        ) % {"count": self.min_length}

    def get_help_text(self) -> str:
        return ngettext(
            "Your password must have at least %(count)d character.",
            "Your password must have at least %(count)d characters.",
            self.min_length,
        ) % {"count": self.min_length}
