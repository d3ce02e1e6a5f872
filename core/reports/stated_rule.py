"""What a recap counted, in words: rule, population and exclusions (issue 16 item 4, ING-ATT-1/6).

The same unit can show different figures in two recaps because each follows its spec rule (all
posts or half of them; Sat Intel exclusion; the directorate's own staff or the whole jajaran).
Every attendance recap therefore states its rule in one short line, e.g.
`Lengkap = like semua 3 konten · personel DITBINMAS + jajaran · Sat Intelkam tidak dihitung (34)`,
and the JSON view carries the same words.
"""

from __future__ import annotations

from core.reports.model import Attendance, Engagement, Rule, Scope, ScopeKind, threshold


def population_words(scope: Scope) -> str:
    """ING-ATT-1 scope as a reader would say it."""
    name = scope.client.unit_name
    if scope.kind == ScopeKind.DIRECTORATE_SELF:
        return f"personel {name} (tanpa jajaran)"
    if scope.kind == ScopeKind.DIRECTORATE:
        return f"personel {name} + jajaran" if not scope.unit_id else f"personel {scope.unit_id.upper()}"
    role = (scope.role or "").strip().lower()
    return f"{role} {name}" if role else f"personel {name}"


def rule_words(att: Attendance) -> str:
    verb = "like" if att.engagement == Engagement.LIKES else "komentar"
    if att.rule == Rule.FULL or att.n <= 1:
        return f"Lengkap = {verb} semua {att.n} konten"
    return f"Lengkap = {verb} minimal {threshold(att.rule, att.n)} dari {att.n} konten"


def excluded_words(att: Attendance) -> list[str]:
    return [f"{reason} tidak dihitung ({count})" for reason, count in att.excluded]


def stated_rule_line(att: Attendance) -> str:
    """The one added line of every attendance recap."""
    return " · ".join([rule_words(att), population_words(att.scope), *excluded_words(att)])


def empty_population_reason(scope: Scope) -> str:
    """Why a recap has nobody to count (item 5: an empty population says why)."""
    name = scope.client.unit_name
    role = (scope.role or "").strip().lower()
    if scope.kind != ScopeKind.UNIT:
        return f"Tidak ada personel aktif dengan peran {scope.client.client_id.lower()} di {name} dan jajarannya."
    if role:
        return f"Tidak ada personel aktif {name} yang memiliki peran {role}."
    return f"Tidak ada personel aktif yang terdaftar di {name}."


def kind_population_words(scope: ScopeKind | None, *, intel_rule: bool) -> str:
    """An attendance kind's population for `cicero report --list` (item 6), before a client is chosen."""
    words = {
        ScopeKind.UNIT: "personel unit",
        ScopeKind.DIRECTORATE: "personel direktorat + jajaran",
        ScopeKind.DIRECTORATE_SELF: "personel direktorat (tanpa jajaran)",
        None: "direktorat: personel + jajaran; unit: personel unit",
    }[scope]
    return f"{words} · Sat Intelkam tidak dihitung" if intel_rule else words
