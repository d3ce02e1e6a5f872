"""ING-ATT-6: the one mapping from report id to threshold rule (defaults of the legacy reports)."""

from __future__ import annotations

from core.reports.model import Rule

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
    "REP-AMP-ATT": Rule.FULL,
    "XLS-RANKING": Rule.FULL,
    "REP-COMBINED": Rule.FULL,
}


def rule_for(report_id: str) -> Rule:
    return RULES[report_id]
