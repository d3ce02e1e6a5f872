"""Options 37-39 (Monitoring Satbinmas Official): fetch today's content of every active official
account of the `org` jajaran (37 Instagram, 39 TikTok) or sync the TikTok secUids (38).

37/39 answer with the daily recap of DIR-40/41 (the report kind REP-SATBINMAS-IG/-TT) and list
the accounts whose fetch failed; when every account failed (or the key is missing) the answer is
one `❌` line with a reference.
"""

from __future__ import annotations

import logging

from core.actions.build import ActionRequest, Built, Env, TextOut, error_built, report_for
from core.actions.catalogue import ActionSpec
from core.manual_posts.deps import open_ingest_deps
from core.manual_posts.register import error_ref
from core.satbinmas.media import MediaRun, fetch_official_media
from core.satbinmas.secuid import render_secuid, sync_secuids
from core.timewindow import Period

log = logging.getLogger(__name__)

_WHAT = {"instagram": "IG", "tiktok": "TikTok"}
RECAP_KINDS = {"instagram": "REP-SATBINMAS-IG", "tiktok": "REP-SATBINMAS-TT"}


def _failures(run: MediaRun) -> str:
    lines = ["⚠️ Akun gagal diambil:"]
    lines += [f"- @{o.account.username} ({o.account.unit_nama}): {o.error}" for o in run.failed]
    return "\n".join(lines)


async def build_media(env: Env, req: ActionRequest, platform: str) -> Built:
    async with open_ingest_deps(env) as deps:
        run = await fetch_official_media(deps, req.client_id, platform, req.reference_date)  # type: ignore[arg-type]
    what = _WHAT[platform]
    if run.total_failure:
        ref = error_ref()
        reason = run.fatal or "; ".join(sorted({o.error or "" for o in run.failed}))
        log.warning(
            "satbinmas_media_total_failure", extra={"ref": ref, "client_id": req.client_id, "reason": reason}
        )
        return error_built(
            f"❌ Gagal mengambil konten {what} Satbinmas Official: {reason}. (ref: {ref})", ref
        )
    out = await report_for(env, RECAP_KINDS[platform], req, period=Period.DAY)
    text = out.text or ""
    if run.failed:
        text += "\n\n" + _failures(run)
    return Built("ok", [TextOut(text)])


async def build_satbinmas_fetch(env: Env, spec: ActionSpec, req: ActionRequest) -> Built:
    if spec.number == 38:
        async with open_ingest_deps(env) as deps:
            run = await sync_secuids(deps, req.client_id)
        text = render_secuid(run)
        if text.startswith("❌"):
            return error_built(text)
        return Built("ok", [TextOut(text)])
    return await build_media(env, req, "instagram" if spec.number == 37 else "tiktok")
