"""Kasatker and Kasat Binmas monitoring (P2): the Kasat profile of DIR-30.0 and the kinds built on it.

A directorate's "Kasat" options look at the unit heads of its jajaran whose function matches the
directorate (DIR-30.0, ING-REP-35/36): the profile is chosen by the selected client id, the
`jabatan` is normalised and must start with the profile's prefix, so deputies and acting heads
(`WAKASAT …`, `PJS KASAT …`) never match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.reports.engine import ReportContext, only_directorate
from core.reports.output import ReportError


@dataclass(frozen=True)
class KasatProfile:
    label: str  # the label the report texts use (the menu labels keep saying "Kasat Binmas")
    pattern: re.Pattern[str]  # matched against the normalised jabatan, at its start

    def matches(self, jabatan: str | None) -> bool:
        return self.pattern.match(normalise_jabatan(jabatan)) is not None


def _prefix(*words: str) -> re.Pattern[str]:
    # "optional spaces" between the words (KASATBINMAS), then a word boundary (not KASAT BINMASX).
    return re.compile(r"^(?:" + "|".join(r"\s*".join(w.split()) for w in words) + r")\b")


PROFILES: dict[str, KasatProfile] = {
    "DITBINMAS": KasatProfile("Kasat Binmas", _prefix("KASAT BINMAS")),
    "DITINTELKAM": KasatProfile("Kasat Intelkam", _prefix("KASAT INTELKAM", "KASAT INTEL")),
    "DITLANTAS": KasatProfile("Kasat Lantas", _prefix("KASAT LANTAS")),
    "DITSAMAPTA": KasatProfile("Kasat Samapta", _prefix("KASAT SAMAPTA")),
    "BIDHUMAS": KasatProfile("Kasi Humas", _prefix("KASI HUMAS")),
}

_SEPARATORS = re.compile(r"[.,/:;\\-]")
_PLACE_WORDS = re.compile(r"\b(?:POLRES|POLDA|POLRESTA|POLTABES|POLSEK|KOTA|KAB|KABUPATEN|RESORT|WILAYAH)\b")
_SPACES = re.compile(r"\s+")


def normalise_jabatan(jabatan: str | None) -> str:
    """DIR-30.0: separators → spaces, upper-case, the place words removed, spaces collapsed."""
    text = _SEPARATORS.sub(" ", jabatan or "").upper()
    return _SPACES.sub(" ", _PLACE_WORDS.sub(" ", text)).strip()


def profile_for(client_id: str) -> KasatProfile | None:
    return PROFILES.get(client_id.strip().upper())


def require_profile(ctx: ReportContext, what: str) -> KasatProfile:
    """The profile of the selected directorate, or the one-line answer of DIR-30.0."""
    only_directorate(ctx, what)
    profile = profile_for(ctx.client.client_id)
    if profile is None:
        raise ReportError(
            "no_kasat_profile",
            f"Menu ini belum memiliki profil Kasatker untuk {ctx.client.client_id}.",
        )
    return profile
