from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_PASSWORD_LENGTH = 128


class MaximumLengthValidator:
    """Refuse passwords over 128 characters (ASVS 2.1.2), which only cost hashing time."""

    def validate(self, password, user=None):  # noqa: ARG002
        if len(password) > MAX_PASSWORD_LENGTH:
            raise ValidationError(
                _("密码不能超过 %(max)d 个字符。") % {"max": MAX_PASSWORD_LENGTH},
                code="password_too_long",
            )

    def get_help_text(self):
        return _("密码不能超过 %(max)d 个字符。") % {"max": MAX_PASSWORD_LENGTH}
