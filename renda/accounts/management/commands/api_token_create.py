"""Create an API bearer token for a user and print it once."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from renda.accounts.tokens import api_token_create
from renda.core.errors import ApplicationError


class Command(BaseCommand):
    help = "为用户创建接口令牌，并只显示一次。Create an API token and print it once."

    def add_arguments(self, parser):
        parser.add_argument("username", help="账号 / the user's username")
        parser.add_argument("name", help="用途 / what the token is for")
        parser.add_argument(
            "--expires-days",
            type=int,
            default=None,
            help="有效天数（不填则长期有效）/ days until the token expires",
        )

    def handle(self, *args, username, name, expires_days, **options):
        user_model = get_user_model()
        try:
            user = user_model.objects.get(username=username)
        except user_model.DoesNotExist:
            raise CommandError(f"账号不存在：{username}") from None
        expires_at = None
        if expires_days is not None:
            if expires_days < 1:
                raise CommandError("有效天数必须至少为 1。")
            expires_at = timezone.now() + dt.timedelta(days=expires_days)
        try:
            token, raw_token = api_token_create(
                user=user, name=name, actor=None, expires_at=expires_at
            )
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
        self.stderr.write(
            f"已为 {user.get_username()} 创建接口令牌「{token.name}」"
            f"（前缀 {token.prefix}）。令牌只显示这一次，请妥善保存："
        )
        self.stdout.write(raw_token)
