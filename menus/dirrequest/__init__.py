"""The directorate menu `dirrequest` (spec 20-dirrequest.md).

- `base` — the `Menu` object, access rules (DIR-0.3, DIR-0.6), session data (DIR-0.7).
- `menu` — entry, client selection and the ONE option table of the main menu (DIR-0.5, DIR-0.8).
- `run` — running an option through the action runner (DIR-0.11, DIR-0.12, DIR-0.14).
- `choices` — category/period sub-steps (DIR-3, DIR-22, DIR-0.17).
- `posts` — manual input 46/47 and task-post removal 53.
- `chakra` — the `chakranarayana` view on DITINTELKAM (DIR-60, P2).
"""

from menus.dirrequest import chakra, menu  # noqa: F401  (register the menus, their steps and triggers)
