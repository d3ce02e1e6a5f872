"""Scheduled jobs (spec 40 §1–§2): catalogue, configuration, tick pipeline, recipients, quiet hours.

The scheduler runner in `bot/scheduler.py` only turns APScheduler ticks into `runner.tick()` calls;
every rule about whether and how a job runs lives here so that `cicero jobs run` and the admin
`jobs#` command share it.
"""
