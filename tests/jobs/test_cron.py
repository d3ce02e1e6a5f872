"""JOB-3 cron parsing and JOB-15 quiet hours, with WIB fire times."""

from __future__ import annotations

from datetime import datetime

import pytest

from core.jobs.catalogue import CATALOGUE, last_day_of_month
from core.jobs.config import load_job_config
from core.jobs.cron import CronError, parse_cron, parse_schedule
from core.jobs.quiet import parse_quiet_hours
from core.timewindow import WIB


def fires(expr: str, start: datetime, n: int) -> list[str]:
    return [t.strftime("%a %Y-%m-%d %H:%M") for t in parse_cron(expr).next_fire_times(start, n)]


def test_crontab_weekday_numbers_are_sunday_based() -> None:
    # 2026-11-25 is a Wednesday; crontab 0 = Sunday, 1 = Monday (JOB-3: never shifted by a day).
    start = datetime(2026, 11, 25, 12, 0, tzinfo=WIB)
    assert fires("0 9 * * 0", start, 1) == ["Sun 2026-11-29 09:00"]
    assert fires("0 9 * * 7", start, 1) == ["Sun 2026-11-29 09:00"]
    assert fires("0 9 * * 1", start, 1) == ["Mon 2026-11-30 09:00"]
    assert fires("0 9 * * 0-2", start, 3) == [
        "Sun 2026-11-29 09:00",
        "Mon 2026-11-30 09:00",
        "Tue 2026-12-01 09:00",
    ]
    assert fires("0 9 * * */3", start, 2) == ["Sat 2026-11-28 09:00", "Sun 2026-11-29 09:00"]


def test_steps_and_ranges_follow_crontab() -> None:
    start = datetime(2026, 11, 25, 0, 0, tzinfo=WIB)
    assert fires("*/48 10 * * *", start, 2) == ["Wed 2026-11-25 10:00", "Wed 2026-11-25 10:48"]
    assert fires("0 8-18/4 * * *", start, 4) == [
        "Wed 2026-11-25 08:00",
        "Wed 2026-11-25 12:00",
        "Wed 2026-11-25 16:00",
        "Thu 2026-11-26 08:00",
    ]


def test_default_fetch_schedule_fires_half_hourly_then_at_22() -> None:
    spec = next(s for s in CATALOGUE if s.key == "fetch_sosmed")
    config = load_job_config(spec.key, list(spec.default_cron), [], [], env={})
    start = datetime(2026, 11, 25, 21, 0, tzinfo=WIB)
    times = sorted(t for e in config.schedules for t in e.next_fire_times(start, 3))
    assert [t.strftime("%H:%M") for t in times[:3]] == ["21:30", "22:00", "07:00"]


@pytest.mark.parametrize("bad", ["0 9 1 * 1", "61 * * * *", "0 9 * *", "0 9 * * 8", "0 9 * * 3-1"])
def test_invalid_expressions_are_rejected_naming_the_variable(bad: str) -> None:
    with pytest.raises(CronError, match="JOB_X_CRON"):
        parse_schedule(bad, "JOB_X_CRON")


def test_overrides_replace_defaults_and_off_removes_triggers() -> None:
    config = load_job_config(
        "link_recap",
        ["5 15,18,21 * * *"],
        ["group"],
        [],
        env={"JOB_LINK_RECAP_CRON": "0 7 * * *; 0 19 * * *", "JOB_LINK_RECAP_RECIPIENTS": "group,admins"},
    )
    assert [e.text for e in config.schedules] == ["0 7 * * *", "0 19 * * *"]
    assert config.recipients == ["group", "admins"]
    assert (
        load_job_config("link_recap", ["5 15 * * *"], [], [], env={"JOB_LINK_RECAP_CRON": "off"}).schedules
        == []
    )


def test_every_catalogue_default_parses() -> None:
    for spec in CATALOGUE:
        assert load_job_config(spec.key, list(spec.default_cron), [], [], env={}).schedules


def test_month_end_applicability() -> None:
    assert last_day_of_month(datetime(2026, 11, 30).date())
    assert not last_day_of_month(datetime(2026, 11, 29).date())
    assert last_day_of_month(datetime(2028, 2, 29).date())
    assert not last_day_of_month(datetime(2027, 2, 27).date())


def test_quiet_hours_wrap_midnight() -> None:
    quiet = parse_quiet_hours("22:30-06:00")
    assert quiet is not None
    at = lambda h, m: datetime(2026, 11, 25, h, m, tzinfo=WIB)  # noqa: E731
    assert quiet.contains(at(22, 30)) and quiet.contains(at(23, 59)) and quiet.contains(at(5, 59))
    assert not quiet.contains(at(6, 0)) and not quiet.contains(at(22, 29))
    assert quiet.next_start(at(21, 0)) == at(22, 30)
    assert parse_quiet_hours("") is None
    with pytest.raises(ValueError, match="GROUP_QUIET_HOURS"):
        parse_quiet_hours("late")
