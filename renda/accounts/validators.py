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


class UsernameNotInPasswordValidator:
    """Refuse a password that contains the user's login name, in any case.

    Django's similarity check lets ``officerofficer1`` through for ``officer``
    (the whole password is not similar enough); a name inside a password is the
    first thing an attacker tries. Names shorter than ``MIN_NAME_LENGTH`` are
    not checked: a one- or two-letter name would refuse most passwords.
    """

    MIN_NAME_LENGTH = 3
    message = "密码不能包含用户名“%(username)s”（不区分大小写）。"

    def validate(self, password, user=None):
        username = (getattr(user, "get_username", lambda: "")() or "").strip()
        if len(username) < self.MIN_NAME_LENGTH:
            return
        if username.casefold() in (password or "").casefold():
            raise ValidationError(
                _(self.message),
                code="password_contains_username",
                params={"username": username},
            )

    def get_help_text(self):
        return _("密码不能包含用户名。")
