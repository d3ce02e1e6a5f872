"""Deterministic demo data: one directorate, several Polres, a few hundred personnel, today's posts
and the 30 days before them.

The clients and personnel are written once (re-running the demo keeps them unless `--reset`).
History (`seed_history`: posts, likes, comments and amplification link reports of the
`HISTORY_DAYS` days before today) is topped up at every start, so weekly, monthly and Top/Bottom
options have data whatever day the demo runs. The fake RapidAPI part is rebuilt at every start
from the personnel in the database, so that "today's" posts and engagement come from a real fetch.
"""

from __future__ import annotations

import hashlib
import json
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from core.db import UnitOfWork
from core.fakes.rapidapi import FakeRapidApi
from core.timewindow import WIB, utc_naive

DIRECTORATE = "DITBINMAS"
ADMIN_NUMBER = "6281200000001"
DIRECTORATE_ROLE = "ditbinmas"
HISTORY_DAYS = 30


@dataclass(frozen=True)
class DemoUnit:
    client_id: str
    nama: str
    client_type: str
    insta: str
    tiktok: str
    group: str
    operator: str
    super_admin: str
    size: int


UNITS = (
    DemoUnit("DITBINMAS", "DIREKTORAT BINMAS POLDA JATIM", "direktorat", "ditbinmas.jatim", "ditbinmas_jatim",
             "120363000000000100@g.us", "6281200000100", "6281200000101", 30),
    DemoUnit("POLRES_LAMONGAN", "POLRES LAMONGAN", "org", "polreslamongan", "polres_lamongan",
             "120363000000000201@g.us", "6281200000201", "6281200000202", 70),
    DemoUnit("POLRES_BOJONEGORO", "POLRES BOJONEGORO", "org", "polresbojonegoro", "polres_bojonegoro",
             "120363000000000301@g.us", "6281200000301", "6281200000302", 65),
    DemoUnit("POLRES_NGAWI", "POLRES NGAWI", "org", "polresngawi", "polres_ngawi",
             "120363000000000401@g.us", "6281200000401", "6281200000402", 55),
    DemoUnit("POLRES_MADIUN", "POLRES MADIUN", "org", "polresmadiun", "polres_madiun",
             "120363000000000501@g.us", "6281200000501", "6281200000502", 60),
)  # fmt: skip

RANKS = ("AKBP", "KOMPOL", "AKP", "IPTU", "IPDA", "AIPTU", "AIPDA", "BRIPKA", "BRIGADIR", "BRIPTU", "BRIPDA")
RANK_WEIGHTS = (1, 2, 3, 4, 5, 6, 8, 12, 14, 16, 18)
SATFUNG = ("SAT BINMAS", "SAT LANTAS", "SAT SAMAPTA", "SAT RESKRIM", "BAG OPS", "SIUM", "SAT INTELKAM")
FIRST = ("AGUS", "BUDI", "DEWI", "EKO", "FITRI", "HENDRA", "INDAH", "JOKO", "KURNIA", "LINA", "MUHAMMAD",
         "NUR", "PUTRI", "RUDI", "SRI", "TEGUH", "WAHYU", "YUDI", "RINA", "ANDI")  # fmt: skip
LAST = ("SANTOSO", "PRASETYO", "WIBOWO", "LESTARI", "HIDAYAT", "SETIAWAN", "KURNIAWAN", "SAPUTRA",
        "RAHAYU", "SUSANTO", "WULANDARI", "NUGROHO", "FIRMANSYAH", "HARTONO", "PURNOMO")  # fmt: skip


async def is_seeded(uow: UnitOfWork) -> bool:
    row = (await uow.execute("SELECT 1 FROM clients WHERE client_id = :c", {"c": DIRECTORATE})).first()
    return row is not None


async def reset(uow: UnitOfWork) -> None:
    ids = [u.client_id for u in UNITS]
    await uow.execute('DELETE FROM "user" WHERE client_id = ANY(:ids)', {"ids": ids})
    await uow.execute(
        "DELETE FROM clients WHERE client_id = ANY(:ids) AND client_id <> :d", {"ids": ids, "d": DIRECTORATE}
    )
    await uow.execute("DELETE FROM clients WHERE client_id = :d", {"d": DIRECTORATE})


async def seed_database(uow: UnitOfWork, seed: int = 7) -> int:
    """Insert the demo clients and personnel; returns the number of personnel written."""
    rng = random.Random(seed)
    await uow.execute(
        "INSERT INTO roles (role_name) VALUES (:r), ('operator') ON CONFLICT (role_name) DO NOTHING",
        {"r": DIRECTORATE_ROLE},
    )
    role_id = (
        await uow.execute("SELECT role_id FROM roles WHERE role_name = :r", {"r": DIRECTORATE_ROLE})
    ).scalar_one()
    users: list[dict[str, object]] = []
    nrp = 80010001
    for unit in UNITS:
        await uow.execute(
            "INSERT INTO clients (client_id, nama, client_type, client_status, client_insta, client_insta_status,"
            " client_tiktok, client_tiktok_status, client_amplify_status, client_operator, client_group,"
            " client_super, regional_id, parent_client_id, client_level)"
            " VALUES (:id, :nama, :type, TRUE, :insta, TRUE, :tiktok, TRUE, TRUE, :op, :grp, :sup, 'JATIM',"
            " :parent, :level)",
            {
                "id": unit.client_id,
                "nama": unit.nama,
                "type": unit.client_type,
                "insta": unit.insta,
                "tiktok": unit.tiktok,
                "op": unit.operator,
                "grp": unit.group,
                "sup": unit.super_admin,
                "parent": None if unit.client_id == DIRECTORATE else DIRECTORATE,
                "level": "direktorat" if unit.client_id == DIRECTORATE else "satker",
            },
        )
        for i in range(unit.size):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            handle = f"{first}.{last}{nrp % 1000}".lower()
            jabatan = "KASAT BINMAS" if i == 0 else ("KANIT BINMAS" if i < 3 else "ANGGOTA")
            users.append(
                {
                    "user_id": str(nrp),
                    "nama": f"{first} {last}",
                    "title": rng.choices(RANKS, RANK_WEIGHTS)[0],
                    "divisi": "SAT BINMAS" if i < 3 else rng.choice(SATFUNG),
                    "jabatan": jabatan,
                    "insta": handle if rng.random() > 0.08 else None,
                    "tiktok": handle.replace(".", "_") if rng.random() > 0.15 else None,
                    "whatsapp": f"62813{nrp:08d}"[:13],
                    "client_id": unit.client_id,
                    "exception": rng.random() < 0.02,
                }
            )
            nrp += 1
    await uow.execute(
        'INSERT INTO "user" (user_id, nama, title, divisi, jabatan, insta, tiktok, whatsapp, client_id, status,'
        " exception) VALUES (:user_id, :nama, :title, :divisi, :jabatan, :insta, :tiktok, :whatsapp, :client_id,"
        " TRUE, :exception)",
        users,
    )
    await uow.execute(
        "INSERT INTO user_roles (user_id, role_id) VALUES (:u, :r) ON CONFLICT DO NOTHING",
        [{"u": u["user_id"], "r": role_id} for u in users],
    )
    # Satbinmas Official accounts (dirrequest 36-41): every ORG unit but the last registers its own
    # handles, so the recaps show active accounts and one unit under "Belum Input Akun".
    orgs = [u for u in UNITS if u.client_type == "org"][:-1]
    accounts = [
        {"c": u.client_id, "p": platform, "u": handle, "n": u.nama}
        for u in orgs
        for platform, handle in (("instagram", u.insta), ("tiktok", u.tiktok))
    ]
    await uow.execute(
        "INSERT INTO satbinmas_official_accounts (client_id, platform, username, display_name)"
        " VALUES (:c, :p, :u, :n) ON CONFLICT DO NOTHING",
        accounts,
    )
    return len(users)


def _code(*parts: object) -> str:
    """A stable Instagram-like shortcode for a unit, a day and an index."""
    digest = hashlib.sha256(":".join(str(p) for p in parts).encode()).hexdigest()
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    return "D" + "".join(alphabet[int(digest[i : i + 2], 16) % len(alphabet)] for i in range(0, 20, 2))


def _engagement_rate(unit_index: int, person_index: int) -> float:
    """How diligent a person is: stable per person, different per unit, so Top/Bottom differ."""
    return 0.35 + 0.6 * ((person_index * 37 + unit_index * 11) % 100) / 100


async def seed_history(uow: UnitOfWork, today: date, days: int = HISTORY_DAYS) -> dict[str, int]:
    """Posts, likes, comments and link reports of the `days` days before `today` (WIB), for every
    demo unit; rows that already exist are kept (ON CONFLICT DO NOTHING), so this runs at each start."""
    people = (
        await uow.execute(
            'SELECT user_id, client_id, insta, tiktok FROM "user" WHERE client_id = ANY(:ids) AND status IS TRUE'
            " ORDER BY user_id",
            {"ids": [u.client_id for u in UNITS]},
        )
    ).all()
    posts: list[dict[str, object]] = []
    likes: list[dict[str, object]] = []
    comments: list[dict[str, object]] = []
    videos: list[dict[str, object]] = []
    video_comments: list[dict[str, object]] = []
    reports: list[dict[str, object]] = []
    for n, unit in enumerate(UNITS):
        members = [p for p in people if p.client_id == unit.client_id]
        for back in range(days, 0, -1):
            day = today - timedelta(days=back)
            rng = random.Random(f"{unit.client_id}:{day.isoformat()}")
            for i in range(2 if day.weekday() >= 5 else 3):  # fewer posts at weekends
                code = _code(unit.client_id, day, i)
                taken = datetime.combine(day, time(7 + 3 * i, 7 * n % 60), WIB)
                created = utc_naive(taken)
                likers = [
                    p.insta
                    for j, p in enumerate(members)
                    if p.insta and rng.random() < _engagement_rate(n, j)
                ]
                posts.append({"code": code, "c": unit.client_id, "cap": f"Kegiatan {unit.nama} {day:%d/%m} #{i + 1}",
                              "at": created, "likes": len(likers) + 12, "comments": len(likers) // 5})  # fmt: skip
                likes.append({"code": code, "h": json.dumps(likers), "at": created})
                comments.append({"code": code, "h": json.dumps(likers[: len(likers) // 5]), "at": created})
                for j, p in enumerate(members):
                    if p.insta in likers and rng.random() < 0.1:  # some also report their reposts
                        reports.append({"code": code, "u": p.user_id, "at": created + timedelta(hours=2, minutes=j % 50),
                                        "ig": f"https://www.instagram.com/p/R{code[1:9]}{j:03d}/",
                                        "fb": f"https://www.facebook.com/share/p/{code[1:9]}{j:03d}/"})  # fmt: skip
            video_id = str(7_400_000_000_000_000_000 + day.toordinal() * 100 + n)
            commenters = [
                p.tiktok
                for j, p in enumerate(members)
                if p.tiktok and rng.random() < _engagement_rate(n, j) * 0.8
            ]
            created = utc_naive(datetime.combine(day, time(8, 30), WIB))
            videos.append({"v": video_id, "c": unit.client_id, "cap": f"Kegiatan {unit.nama} {day:%d/%m}", "at": created,
                           "comments": len(commenters)})  # fmt: skip
            video_comments.append({"v": video_id, "h": json.dumps(commenters), "at": created})
    await uow.execute(
        "INSERT INTO insta_post (shortcode, client_id, caption, like_count, comment_count, created_at, source_type)"
        " VALUES (:code, :c, :cap, :likes, :comments, :at, 'cron_fetch') ON CONFLICT (shortcode) DO NOTHING",
        posts,
    )
    await uow.execute(
        "INSERT INTO insta_like (shortcode, likes, updated_at) VALUES (:code, CAST(:h AS jsonb), :at)"
        " ON CONFLICT (shortcode) DO NOTHING",
        likes,
    )
    await uow.execute(
        "INSERT INTO insta_comment (shortcode, comments, updated_at) VALUES (:code, CAST(:h AS jsonb), :at)"
        " ON CONFLICT (shortcode) DO NOTHING",
        comments,
    )
    await uow.execute(
        "INSERT INTO tiktok_post (video_id, client_id, caption, comment_count, created_at, source_type)"
        " VALUES (:v, :c, :cap, :comments, :at, 'cron_fetch') ON CONFLICT (video_id) DO NOTHING",
        videos,
    )
    await uow.execute(
        "INSERT INTO tiktok_comment (video_id, comments, updated_at) VALUES (:v, CAST(:h AS jsonb), :at)"
        " ON CONFLICT (video_id) DO NOTHING",
        video_comments,
    )
    if reports:
        await uow.execute(
            "INSERT INTO link_report (shortcode, user_id, instagram_link, facebook_link, created_at, updated_at,"
            " report_source) VALUES (:code, :u, :ig, :fb, :at, :at, 'whatsapp') ON CONFLICT DO NOTHING",
            reports,
        )
    return {"posts": len(posts), "videos": len(videos), "link_reports": len(reports), "days": days}


async def populate_fake(uow: UnitOfWork, fake: FakeRapidApi, today: date, now: datetime) -> dict[str, int]:
    """Today's posts for every demo unit, liked/commented by most of its personnel (rebuilt per start)."""
    rows = (
        await uow.execute(
            'SELECT client_id, insta, tiktok FROM "user" WHERE client_id = ANY(:ids) AND status IS TRUE',
            {"ids": [u.client_id for u in UNITS]},
        )
    ).all()
    rng = random.Random(today.toordinal())
    counts = {"posts": 0, "videos": 0}
    publics = [f"warga.{i}" for i in range(40)]
    first_post = datetime.combine(today, time(6, 30), WIB)
    for n, unit in enumerate(UNITS):
        insta = [r.insta for r in rows if r.client_id == unit.client_id and r.insta]
        tiktok = [r.tiktok for r in rows if r.client_id == unit.client_id and r.tiktok]
        fake.instagram.add_account(unit.insta, full_name=unit.nama)
        fake.tiktok.add_account(unit.tiktok)
        for i in range(3):
            taken = min(first_post + timedelta(hours=2 * i, minutes=7 * n), now - timedelta(minutes=5))
            code = _code(unit.client_id, today, i)
            fake.instagram.set_likers(
                code, rng.sample(insta, int(len(insta) * rng.uniform(0.5, 0.9))) + publics[:10]
            )
            fake.instagram.set_commenters(code, rng.sample(insta, int(len(insta) * 0.2)))
            fake.instagram.add_post(
                unit.insta, code, taken_at=taken, caption=f"Kegiatan {unit.nama} #{i + 1}"
            )
            counts["posts"] += 1
        video_id = str(7_400_000_000_000_000_000 + today.toordinal() * 100 + n)
        fake.tiktok.set_commenters(video_id, rng.sample(tiktok, int(len(tiktok) * rng.uniform(0.4, 0.8))))
        fake.tiktok.add_video(unit.tiktok, video_id, create_time=min(first_post + timedelta(hours=1), now))
        counts["videos"] += 1
    return counts
