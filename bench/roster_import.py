"""Time of the roster import of a 3,000-row .xlsx, beside reading the file only.

Generates a valid roster (seeded Chinese names, ID numbers with their check
digit, phones, delegations, groups) into a temporary folder, migrates a fresh
SQLite database once and builds the city, its congress, term, delegations and
groups, then for each repetition copies that database to a fresh file and times
``roster_preview`` + ``roster_import_confirm`` end to end (parse, validate,
store the pending import, parse and validate again, write). The baseline is
reading every cell of the same file with openpyxl.

Prints ``roster_import_3000_rows_seconds median=<x> min=<y>`` and exits non-zero
when the median exceeds the goal (10 s).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = Path(tempfile.mkdtemp(prefix="renda-bench-roster-"))
os.environ["DATABASE_URL"] = f"sqlite:///{TMP / 'bench.sqlite3'}"
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"

import django

django.setup()

from django.core.management import call_command
from django.db import connections

GOAL_SECONDS = 10.0
SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾"
    "彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛"
    "邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
)
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "皇甫")
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华玉珍红建国志文斌辉宇浩然"
    "晨曦嘉怡子涵雨欣梓萱佳琪一诺思远博天佑春秋海燕振兴德福永庆淑慧晓东立新"
)
DELEGATIONS = [
    "龙山区代表团",
    "西安区代表团",
    "东丰县代表团",
    "东辽县代表团",
    "解放军代表团",
]
GROUPS = [f"第{i}代表小组" for i in range(1, 13)]
REGION_CODES = ["220402", "220403", "220421", "220422"]
PARTIES = ["中共党员"] * 6 + ["群众", "民盟", "民建", "九三学社", "无党派人士"]
CATEGORIES = ["党政领导干部", "工人", "农民", "专业技术人员", "企业负责人", "其他"]
ETHNICITIES = ["汉族"] * 9 + ["满族", "朝鲜族", "回族", "蒙古族"]


def generate_roster(path: Path, rows: int, seed: int = 2020) -> None:
    """Write a valid roster of ``rows`` deputies, in the template's layout."""
    from openpyxl import Workbook

    from renda.deputies.roster import COLUMNS, id_number_check_digit

    rng = random.Random(seed)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("代表名单")
    sheet.append(["辽源市人民代表大会第九届代表名册"])
    sheet.append([c.template_header for c in COLUMNS])
    for i in range(rows):
        surname = (
            rng.choice(COMPOUND_SURNAMES)
            if rng.random() < 0.02
            else rng.choice(SURNAMES)
        )
        name = surname + "".join(
            rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2)))
        )
        birth = dt.date(1955, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 40))
        # The sequence number's parity gives the gender, as in real ID numbers.
        female = rng.random() < 0.3
        sequence = 2 * (i % 500) + (0 if female else 1)
        first17 = f"{rng.choice(REGION_CODES)}{birth:%Y%m%d}{sequence:03d}"
        id_number = first17 + id_number_check_digit(first17)
        values = {
            "seq": i + 1,
            "name": name,
            "gender": "女" if female else "男",
            "ethnicity": rng.choice(ETHNICITIES),
            # Half the dates as real Excel dates, half as text, as clerks do.
            "birth_date": birth if i % 2 else birth.isoformat(),
            "party": rng.choice(PARTIES),
            "occupation": rng.choice(
                ["主任", "经理", "教师", "医生", "村党支部书记", "工人"]
            ),
            "work_unit": f"辽源市第{rng.randint(1, 300)}单位",
            "occupation_category": rng.choice(CATEGORIES),
            "phone": f"1{rng.choice('3589')}{rng.randrange(10**9):09d}",
            "id_number": id_number,
            "delegation": rng.choice(DELEGATIONS),
            "unit": "",
            "group": rng.choice(GROUPS) if rng.random() < 0.8 else "",
            "start_date": "2022-01-10",
        }
        sheet.append([values[c.key] for c in COLUMNS])
    workbook.save(path)


def build_base_database() -> Path:
    """Migrate a fresh database and create the congress the roster goes into."""
    from renda.accounts.models import User
    from renda.congresses.choices import Level
    from renda.congresses.models import Congress, Delegation, Term
    from renda.deputies.models import DeputyGroup
    from renda.regions.choices import RegionKind
    from renda.regions.models import Region

    call_command("migrate", verbosity=0, interactive=False)
    province = Region.objects.create(
        code="220000", name="吉林省", kind=RegionKind.PROVINCE
    )
    city = Region.objects.create(
        code="220400", name="辽源市", kind=RegionKind.CITY, parent=province
    )
    congress = Congress.objects.create(
        name="辽源市人民代表大会", level=Level.MUNICIPAL, region=city
    )
    Term.objects.create(congress=congress, number=8, start_date=dt.date(2017, 1, 1))
    term = Term.objects.create(
        congress=congress, number=9, start_date=dt.date(2022, 1, 1)
    )
    Delegation.objects.bulk_create(Delegation(term=term, name=n) for n in DELEGATIONS)
    DeputyGroup.objects.bulk_create(
        DeputyGroup(congress=congress, name=n) for n in GROUPS
    )
    User.objects.create_superuser("bench", password="bench-password-2020")
    connections.close_all()
    return Path(connections["default"].settings_dict["NAME"])


def use_database(path: Path) -> None:
    connections.close_all()
    connections["default"].settings_dict["NAME"] = str(path)


def time_import(xlsx: bytes) -> float:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from renda.accounts.models import User
    from renda.congresses.models import Congress
    from renda.deputies.models import Deputy, Mandate
    from renda.deputies.roster import roster_import_confirm, roster_preview

    actor = User.objects.get(username="bench")
    congress = Congress.objects.get()
    term = congress.current_term()
    start = time.perf_counter()
    pending = roster_preview(
        congress=congress,
        term=term,
        file=SimpleUploadedFile("roster.xlsx", xlsx),
        actor=actor,
    )
    if pending.preview["errors"]:
        raise SystemExit(
            f"generated roster has errors: {pending.preview['errors'][:3]}"
        )
    roster_import_confirm(pending=pending, actor=actor)
    elapsed = time.perf_counter() - start
    rows = pending.preview["counts"]["rows"]
    if (
        Deputy.objects.count() != rows
        or Mandate.objects.filter(term=term).count() != rows
    ):
        raise SystemExit("import did not write every row")
    return elapsed


def time_baseline(xlsx: bytes) -> float:
    from openpyxl import load_workbook

    start = time.perf_counter()
    workbook = load_workbook(io.BytesIO(xlsx), read_only=True, data_only=True)
    for sheet in workbook.worksheets:
        for _row in sheet.iter_rows(values_only=True):
            pass
    workbook.close()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    try:
        xlsx_path = TMP / "data" / f"roster_{args.rows}.xlsx"
        xlsx_path.parent.mkdir(parents=True)
        generate_roster(xlsx_path, args.rows)
        xlsx = xlsx_path.read_bytes()
        base = build_base_database()
        timings, baselines = [], []
        for repetition in range(args.repeat):
            fresh = TMP / f"run_{repetition}.sqlite3"
            shutil.copyfile(base, fresh)
            use_database(fresh)
            baselines.append(time_baseline(xlsx))
            timings.append(time_import(xlsx))
        connections.close_all()
        median, best = statistics.median(timings), min(timings)
        base_median = statistics.median(baselines)
        print(
            f"roster_import_{args.rows}_rows_baseline_read_seconds "
            f"median={base_median:.3f} min={min(baselines):.3f}"
        )
        print(
            f"roster_import_{args.rows}_rows_seconds median={median:.3f} min={best:.3f} "
            f"repeat={args.repeat} file_bytes={len(xlsx)} "
            f"ratio_to_baseline={median / base_median:.1f} goal={GOAL_SECONDS:.0f}"
        )
        if median > GOAL_SECONDS:
            print(f"roster import median {median:.2f} s exceeds {GOAL_SECONDS:.0f} s")
            return 1
        return 0
    finally:
        shutil.rmtree(TMP, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
