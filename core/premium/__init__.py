"""Premium access (JOB-70..JOB-77, API-85): mobile premium requests on `premium_request`, dashboard
premium requests and subscriptions, and the bodies of the three expiry jobs.

- `mobile`: create/edit a request (API-85), `grant`/`deny` it (`grantsub#`/`denysub#`, JOB-71).
- `dashboard`: the dashboard premium request lifecycle with tokens and audit rows (JOB-75),
  `approve`/`deny` (`grantdashsub#`/`denydashsub#`).
- `subscriptions`: `dashboard_user_subscriptions` rows and the `dashboard_user` cache (JOB-73).
- `expiry`: the job bodies `premium_expiry`, `dashboard_subscription_expiry` and
  `dashboard_premium_request_expiry` (JOB-72, JOB-74, JOB-76).

Every service takes the caller's unit of work and commits nothing; refusals are `AccountError`s
(reason + one Indonesian line), turned into a 4xx or a chat reply by the entry point. "Now" is a
parameter the entry point reads from `core.timewindow`.
"""
