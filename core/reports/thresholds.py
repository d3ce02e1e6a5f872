"""ING-ATT-6: the one mapping from report id to threshold rule (defaults of the legacy reports).

`ATTENDANCE_RULE_OVERRIDES` (a JSON object report id → `FULL`/`HALF`) changes a default (P2);
an unreadable value is logged and ignored, so a typo never breaks a report.
"""

from __future__ import annotations

import json
import logging

from core.config import Settings
from core.reports.model import Rule

log = logging.getLogger(__name__)

RULES: dict[str, Rule] = {
    "REP-IG-UNIT": Rule.FULL,
    "REP-IG-KONTEN": Rule.FULL,
    "REP-LAPHAR-IG": Rule.FULL,
    "REP-IG-DSIMPLE": Rule.FULL,
    "REP-IG-DDETAIL": Rule.FULL,
    "REP-IG-DUNITS": Rule.HALF,
    "REP-IG-JAJARAN": Rule.HALF,
    "REP-TT-UNIT": Rule.FULL,
    "REP-TT-DSIMPLE": Rule.FULL,
    "REP-LAPHAR-TT": Rule.FULL,
    "REP-TT-KONTEN": Rule.FULL,
    "REP-TT-DUNITS": Rule.HALF,
    "REP-TT-DDETAIL": Rule.HALF,
    "REP-TT-JAJARAN": Rule.HALF,
    "REP-IGC": Rule.HALF,
    "REP-TT-ANALYTIC": Rule.HALF,  # ING-REP-17: target t = ⌈N/2⌉
    "REP-AMP-ATT": Rule.FULL,
    "XLS-RANKING": Rule.FULL,
    "REP-COMBINED": Rule.FULL,
    # DIR-34/35/44/45: "Lengkap" is every post of the period, "Sebagian" some of them.
    "REP-KASATBINMAS-IG": Rule.FULL,
    "REP-KASATBINMAS-TT": Rule.FULL,
}


def rule_for(report_id: str, settings: Settings | None = None) -> Rule:
    raw = (settings.attendance_rule_overrides if settings else "").strip()
    if raw:
        try:
            overrides = {str(k).upper(): Rule(str(v).upper()) for k, v in json.loads(raw).items()}
        except (ValueError, AttributeError):
            log.warning("attendance_rule_overrides_invalid", extra={"value": raw[:200]})
        else:
            if report_id in overrides:
                return overrides[report_id]
    return RULES[report_id]
