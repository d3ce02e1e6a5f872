"""Profile-link username update (CONV-100): a private message with exactly one Instagram or TikTok
profile URL, no other URL and at most 10 other words, on a session serving `userrequest`.

Bound personnel get the session `Perubahan Username` (stored vs new handle, `ya`/`tidak`); an
unknown number is taken through registration first (`inputUserId` → `confirmBindUser`) with the
handle remembered, then asked the same question. Post, reel, video and story links never come
here: they are link reports (CONV-245).
"""

from __future__ import annotations

from typing import Any

from core.amplify.classify import LinkKind, classify_url, extract_link_tokens
from menus.framework import REGISTRY, Menu, Reply, StepContext, Structured, yes_no
from menus.userrequest import rules
from menus.userrequest.blocks import identity_block, own_record
from menus.userrequest.menu import REGISTRATION_PROMPT, confirmBindUser, inputUserId, write_field

PROFILE_MENU = Menu("profilelink", label="Perubahan Username", capability="userrequest")
LABEL = {"instagram": "Instagram", "tiktok": "TikTok"}
COLUMN = {"instagram": "insta", "tiktok": "tiktok"}


def _profile(text: str) -> tuple[str, str] | None:
    tokens = extract_link_tokens(text)
    if len(tokens) != 1:
        return None
    link = classify_url(tokens[0])
    if link.kind != LinkKind.PROFILE or link.platform not in ("instagram", "tiktok") or not link.account:
        return None
    others = [w for w in text.replace(tokens[0], " ").split() if w.strip()]
    if len(others) > 10:
        return None
    return link.platform, link.account


def recognise(message) -> bool:
    return not message.is_group and _profile(message.text) is not None


def handle_question(user: dict[str, Any], pending: dict[str, str]) -> str:
    platform = pending["platform"]
    stored = user.get(COLUMN[platform]) or "-"
    return (
        f"Perubahan username {LABEL[platform]}\n"
        f"Tersimpan: *{'@' + stored if stored != '-' else '-'}*\n"
        f"Baru: *@{pending['handle']}*\n"
        "Ganti dengan username baru? Balas *ya* atau *tidak*."
    )


async def handle_profile_link(ctx: StepContext, text: str) -> Reply:
    found = _profile(text)
    if found is None or ctx.sender is None:
        return Reply.nothing()
    platform, handle = found
    ctx.data["pending_handle"] = {"platform": platform, "handle": handle}
    user = await own_record(ctx.uow, ctx.sender)
    if user is None:
        return Reply.nothing(code="registration").ask(inputUserId, REGISTRATION_PROMPT)
    return Reply.nothing(code="confirm_handle").ask(
        confirm_profile_handle, handle_question(user, ctx.data["pending_handle"])
    )


async def _confirm(ctx: StepContext, text: str) -> Reply:
    answer = yes_no(text)
    if answer is None:
        return ctx.reprompt("Balas *ya* atau *tidak*.", code="invalid_choice")
    if answer is False:
        return Reply.text("Baik, username tidak diubah.", code="unchanged")
    pending = ctx.data.get("pending_handle") or {}
    user = await own_record(ctx.uow, ctx.sender)
    if user is None or not pending:
        return Reply.text("❌ Nomor ini tidak terhubung ke akun mana pun.", code="not_registered")
    try:
        value = await rules.parse_handle_field(
            ctx.uow, pending["handle"], pending["platform"], user["user_id"]
        )
    except rules.RuleError as exc:
        return Reply.text(f"❌ {exc.reason}", code="invalid_value")
    from core.accounts.access import Caller

    caller = Caller("personnel", user_id=user["user_id"], actor_id=ctx.sender, channel="whatsapp")
    await write_field(ctx, caller, user, COLUMN[pending["platform"]], value)
    fresh = await own_record(ctx.uow, ctx.sender) or user
    return Reply.text(
        f"✅ Username {LABEL[pending['platform']]} diperbarui.\n\n{identity_block(fresh)}", code="updated"
    )


confirm_profile_handle = PROFILE_MENU.step(_confirm, choice=True, name="confirm_profile_handle")
# Registration steps of userrequest, reachable in this session by name (CONV-100, unknown number).
PROFILE_MENU.step(inputUserId.handler, name="inputUserId")
PROFILE_MENU.step(confirmBindUser.handler, choice=True, name="confirmBindUser")
# …and the confirmation reachable from userrequest's own session.
REGISTRY.menu("userrequest").step(_confirm, choice=True, name="confirm_profile_handle")

REGISTRY.add_structured(
    Structured(
        name="profile_link",
        capability="userrequest",
        recognise=recognise,
        handle=handle_profile_link,
        order=100,
        entry="profile_link",
        private=True,
        groups=False,
        menu=PROFILE_MENU,
    )
)
