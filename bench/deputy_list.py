"""Latency of the deputy list (search, filter, stroke order) beside a trivial page.

Builds a fresh SQLite database with N deputies (default 3,000 and 30,000), then
requests through Django's test client, in the same process and run:
- /healthz (trivial baseline),
- /deputies/ (first page, stroke order),
- /deputies/?q=<initials> (pinyin search),
- /deputies/?gender=F&party=CPC (filtered).
Prints p50/p95 in milliseconds for each, and the ratio to the baseline.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
from pathlib import Path

from timing import percentile, time_get  # bench/timing.py (run as a script)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = Path(tempfile.mkdtemp(prefix="renda-bench-"))
os.environ["DATABASE_URL"] = f"sqlite:///{TMP / 'bench.sqlite3'}"
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

REQUESTS = 60
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉珍红建国志文斌辉宇浩然晨曦嘉怡子涵雨欣梓萱佳琪欣怡一诺思远博文天佑"


def build(n: int):
    import datetime as dt

    from renda.accounts.choices import Role
    from renda.accounts.models import RoleAssignment, User
    from renda.congresses.choices import Level
    from renda.congresses.models import Congress, Term
    from renda.deputies.choices import Gender, Party
    from renda.deputies.models import Deputy, Mandate
    from renda.deputies.services import deputy_derive_names
    from renda.regions.choices import RegionKind
    from renda.regions.models import Region

    rng = random.Random(2020)
    province = Region.objects.create(
        code="220000", name="吉林省", kind=RegionKind.PROVINCE
    )
    city = Region.objects.create(
        code="220400", name="辽源市", kind=RegionKind.CITY, parent=province
    )
    congress = Congress.objects.create(
        name="辽源市人民代表大会", level=Level.MUNICIPAL, region=city
    )
    term = Term.objects.create(
        congress=congress, number=8, start_date=dt.date(2017, 1, 1)
    )
    deputies = []
    for i in range(n):
        name = rng.choice(SURNAMES) + "".join(
            rng.choice(GIVEN) for _ in range(rng.choice((1, 2)))
        )
        deputy = Deputy(
            name=name,
            gender=rng.choice([Gender.MALE, Gender.FEMALE]),
            party=rng.choice([Party.CPC, Party.CPC, Party.NONE, Party.CDL]),
            birth_date=dt.date(1960 + i % 35, 1 + i % 12, 1 + i % 28),
            phone=f"139{i:08d}",
        )
        deputy_derive_names(deputy)
        deputies.append(deputy)
    Deputy.objects.bulk_create(deputies, batch_size=2000)
    Mandate.objects.bulk_create(
        [
            Mandate(deputy=d, term=term, start_date=term.start_date)
            for d in Deputy.objects.all()
        ],
        batch_size=2000,
    )
    user = User.objects.create_user("benchstaff", password="bench-password-2020")
    RoleAssignment.objects.create(
        user=user, role=Role.COMMITTEE_STAFF, congress=congress
    )
    return user


def measure(client: Client, url: str) -> tuple[float, float]:
    timings = time_get(client, url, REQUESTS)
    return statistics.median(timings), percentile(timings, 0.95)


def main() -> int:
    sizes = sys.argv[1:] or os.environ.get("BENCH_DEPUTIES", "3000,30000").split(",")
    if len(sizes) > 1:
        # One fresh database per size: run this script again for each.
        import subprocess

        codes = [
            subprocess.run([sys.executable, __file__, size], check=False).returncode
            for size in sizes
        ]
        return max(codes)
    size = int(sizes[0])
    call_command("migrate", verbosity=0)
    user = build(size)
    client = Client()
    client.force_login(user)
    base50, base95 = measure(client, "/healthz")
    print(
        f"deputy_list n={size} endpoint=/healthz p50_ms={base50:.1f} p95_ms={base95:.1f}"
    )
    for url in ["/deputies/", "/deputies/?q=wl", "/deputies/?gender=F&party=CPC"]:
        p50, p95 = measure(client, url)
        print(
            f"deputy_list n={size} endpoint={url} p50_ms={p50:.1f} p95_ms={p95:.1f} "
            f"p95_vs_baseline={p95 / base95:.1f}x",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
