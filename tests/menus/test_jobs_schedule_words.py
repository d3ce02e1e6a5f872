"""Schedules in words next to the cron text: `jobs#` and `cicero jobs list` (JOB-111, issue 19 item 4)."""

from __future__ import annotations

import pytest

from core.jobs.catalogue import CATALOGUE
from core.jobs.schedule_words import describe_cron
from tests.menus.conftest import ADMIN


@pytest.mark.parametrize(
    ("cron", "words"),
    [
        ("0,30 7-21 * * *", "setiap 30 menit, 07.00–21.30"),
        ("*/30 * * * *", "setiap 30 menit"),
        ("20 * * * *", "setiap jam pada menit ke-20"),
        ("0 8-18/4 * * *", "setiap hari pukul 08.00, 12.00 dan 16.00"),
        ("5 15,18,21 * * *", "setiap hari pukul 15.05, 18.05 dan 21.05"),
        ("0 23 28-31 * *", "setiap tanggal 28–31 pukul 23.00"),
        ("0 9 * * 1", "setiap Senin pukul 09.00"),
        ("0 9 * * 0,7", "setiap Minggu pukul 09.00"),  # crontab: both 0 and 7 are Sunday
        ("0 6,7,9,13,18 * * *", "5 kali sehari, 06.00–18.00"),
        ("not cron", "not cron"),
    ],
)
def test_describe_cron(cron, words):
    assert describe_cron(cron) == words


def test_every_catalogue_schedule_reads_as_words():
    for spec in CATALOGUE:
        for cron in spec.default_cron:
            assert describe_cron(cron) != cron and describe_cron(cron).startswith(("setiap", "5 ")), cron


async def test_jobs_command_shows_words_then_cron(chat, db):
    r = await chat.send(ADMIN, "jobs#")
    assert "setiap 30 menit, 07.00–21.30 (0,30 7-21 * * *); setiap hari pukul 22.00 (0 22 * * *)" in r.text
