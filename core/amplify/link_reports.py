"""The amplification-link service shared by WhatsApp and HTTP (CONV-240..257, API-75..77).

Two channels, one set of rules:

* `report_by_message(uow, MessageReport(...))` — the `whatsapp` channel: a person's message,
  target post chosen by CONV-247 (or a numbered choice, CONV-248), links recorded per platform.
* `submit_api_report(uow, ApiReport(...))` — the `api` channel: the caller names the task post
  and gives links per platform field (`platform_mismatch`), nothing is written on any refusal.

Plus the read/edit/delete helpers the HTTP endpoints of API-76/77 need (`get_report`,
`list_reports`, `delete_report`). Every function takes a unit of work and commits only when it
wrote something. Datetimes: `now` is aware; stored values are naive UTC wall time (ING-TIME-3).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from core.amplify.classify import (
    PLATFORM_COLUMN,
    PLATFORMS,
    ClassifiedLink,
    LinkKind,
    classify_url,
    extract_link_tokens,
    strip_tracking,
)
from core.amplify.reasons import INFORMATIVE, LinkReportRejected, Reason, phrase
from core.amplify.render import (
    BlockResult,
    order_for_choice,
    render_block_confirmation,
    render_choice,
    render_confirmation,
    render_nothing_recorded,
    render_rejection,
)
from core.amplify.tasks import (
    Reporter,
    TaskClient,
    TaskPost,
    eligible,
    official_owners,
    official_tiktok_videos,
    open_tasks,
    reporter_by_phone,
    reporter_by_user_id,
    task_clients,
)
from core.db import UnitOfWork
from core.timewindow import today_wib, utc_naive

log = logging.getLogger(__name__)

ResolveShortLink = Callable[[str], Awaitable[str | None]]
LINK_COLUMNS = tuple(PLATFORM_COLUMN[p] for p in PLATFORMS)
REPORT_COLUMNS = ("shortcode", "user_id", *LINK_COLUMNS, "created_at", "updated_at", "report_source")
TABLES = ("link_report", "link_report_khusus")


async def _no_resolver(url: str) -> str | None:
    return None


# --- data passed in and out -------------------------------------------------------------------


@dataclass(frozen=True)
class MessageReport:
    """One WhatsApp message that the router recognised as a link report (CONV-245)."""

    sender_phone: str | None  # canonical 62… number, None when unresolved (CONV-9)
    text: str
    now: datetime
    quoted_text: str | None = None
    quoted_message_id: str | None = None
    chosen_shortcode: str | None = None  # set when answering the numbered choice (CONV-248)
    offers_registration: bool = False  # the session serves `userrequest` (CONV-240 reply)
    window_days: int = 2
    max_links: int = 10


@dataclass
class MessageOutcome:
    """What to reply. `status`: recorded | nothing | rejected | choose."""

    status: str
    code: str
    text: str
    choices: list[str] = field(default_factory=list)  # shortcodes in displayed order (choose)
    user_id: str | None = None
    target: str | None = None


@dataclass(frozen=True)
class ApiReport:
    """An HTTP submission (API-75/77): the task post is named, links come per platform field."""

    user_id: str
    shortcode: str  # a shortcode or an Instagram post URL
    links: Mapping[str, str | None]  # keys `instagram_link`, `facebook_link`, … or platform names
    now: datetime
    khusus: bool = False
    require_existing: bool = False  # PUT: only an existing report may change
    # API-77 POST: the Instagram link is the person's own upload, just registered as this khusus
    # task (manual-registration path); that link is the report itself, not an official link.
    own_upload: bool = False
    window_days: int = 2


@dataclass
class ApiOutcome:
    """`status`: created | updated | rejected. `message` is the one-line reason on refusal."""

    status: str
    code: str
    message: str = ""
    report: dict[str, Any] | None = None
    confirmation: str | None = None  # CONV-252 text for the person's bound number (CONV-257)
    whatsapp: str | None = None


@dataclass
class _Parsed:
    candidates: list[ClassifiedLink]  # amplification links (content of the five platforms)
    selectors: list[str]  # shortcodes of official links that are open tasks (target selectors)
    notes: list[tuple[str, Reason]]  # per-URL refusals in message order
    only_official: bool
    # Selectors (shortcodes) and candidates in message order, for CONV-259's blocks.
    sequence: list[str | ClassifiedLink] = field(default_factory=list)


@dataclass
class _Recorded:
    state: dict[str, str | None]
    new: set[str]
    replaced: set[str]
    notes: list[tuple[str, Reason]]
    created: bool
    wrote: bool


# --- link parsing ----------------------------------------------------------------------------


def official_refusal(owners: set[str], client_ids: set[str]) -> Reason:
    """CONV-244: the reason for an official link (`owners`: its task clients) that is not an open
    task of the person (`client_ids`: their task clients); an open task's link selects a target."""
    if owners & client_ids:
        return Reason.TASK_EXPIRED
    return Reason.OFFICIAL_OTHER_CLIENT


async def resolve_link(token: str, resolve: ResolveShortLink) -> ClassifiedLink | Reason:
    """Classify a token, resolving short links (CONV-243); a refusal is returned as its reason."""
    link = classify_url(token)
    if link.kind == LinkKind.SHORT:
        final = await resolve(link.canonical or token)
        resolved = classify_url(final) if final else None
        if resolved is not None and resolved.kind != LinkKind.SHORT:
            link = ClassifiedLink(
                token, resolved.platform, resolved.kind, resolved.canonical,
                resolved.shortcode, resolved.video_id, resolved.account,
            )  # fmt: skip
        elif link.platform == "tiktok":
            # An unresolvable TikTok short link is still a TikTok link, stored as given.
            return ClassifiedLink(token, "tiktok", LinkKind.POST, strip_tracking(token))
        else:
            return Reason.UNRESOLVED_SHORT_LINK
    if link.kind == LinkKind.PROFILE:
        return Reason.PROFILE_LINK
    if link.kind == LinkKind.UNSUPPORTED_PLATFORM or link.platform is None:
        return Reason.UNSUPPORTED_PLATFORM
    if link.kind == LinkKind.UNSUPPORTED_KIND:
        return Reason.UNSUPPORTED_LINK_KIND
    return link


async def _parse_message(
    uow: UnitOfWork,
    text: str,
    *,
    open_codes: set[str],
    client_ids: set[str],
    max_links: int,
    resolve: ResolveShortLink,
) -> _Parsed:
    tokens = extract_link_tokens(text)
    notes: list[tuple[str, Reason]] = [(t, Reason.TOO_MANY_LINKS) for t in tokens[max_links:]]
    links: list[tuple[str, ClassifiedLink]] = []
    ordered: list[tuple[str, ClassifiedLink | Reason]] = []
    for token in tokens[:max_links]:
        result = await resolve_link(token, resolve)
        ordered.append((token, result))
        if isinstance(result, ClassifiedLink):
            links.append((token, result))
    codes = [link.shortcode for _, link in links if link.platform == "instagram" and link.shortcode]
    owners = await official_owners(uow, codes)
    candidates: list[ClassifiedLink] = []
    selectors: list[str] = []
    per_token: list[tuple[str, Reason]] = []
    sequence: list[str | ClassifiedLink] = []
    for token, result in ordered:
        if isinstance(result, Reason):
            per_token.append((token, result))
            continue
        code = result.shortcode if result.platform == "instagram" else None
        if code and code in owners:
            if code not in open_codes:
                per_token.append((token, official_refusal(owners[code], client_ids)))
                continue
            if code not in selectors:
                selectors.append(code)
            sequence.append(code)
            continue
        candidates.append(result)
        sequence.append(result)
    # CONV-253: the message held only official link(s) of open tasks, nothing of the person's own.
    only_official = not candidates and bool(selectors) and not per_token
    return _Parsed(candidates, selectors, per_token + notes, only_official, sequence)


@dataclass
class _Blocks:
    """CONV-259: each official link of an open task starts a block holding the links after it."""

    blocks: list[tuple[str, list[ClassifiedLink]]]
    leading: list[ClassifiedLink]  # links before the first official link: ignored with a reason


def split_blocks(parsed: _Parsed) -> _Blocks | None:
    """The blocks of a several-task message, or None when fewer than two blocks hold links (then
    CONV-247's numbered choice applies as before)."""
    blocks: list[tuple[str, list[ClassifiedLink]]] = []
    leading: list[ClassifiedLink] = []
    for item in parsed.sequence:
        if isinstance(item, str):
            if blocks and blocks[-1][0] == item:
                continue  # the same official link twice in a row continues its block
            blocks.append((item, []))
        elif blocks:
            blocks[-1][1].append(item)
        else:
            leading.append(item)
    if sum(1 for _, links in blocks if links) < 2:
        return None
    return _Blocks(blocks, leading)


async def _quoted_text(uow: UnitOfWork, req: MessageReport) -> str | None:
    """The quoted text of the event, or the text Cicero sent with that WhatsApp message id (CONV-247)."""
    if req.quoted_text:
        return req.quoted_text
    if not req.quoted_message_id:
        return None
    row = (
        await uow.execute(
            "SELECT body FROM wa_outbox WHERE wa_message_id = :mid ORDER BY outbox_id DESC LIMIT 1",
            {"mid": req.quoted_message_id},
        )
    ).first()
    return row.body if row else None


def _open_selectors(text: str | None, open_codes: set[str]) -> list[str]:
    found: list[str] = []
    for token in extract_link_tokens(text or ""):
        link = classify_url(token)
        if link.platform == "instagram" and link.kind == LinkKind.POST and link.shortcode in open_codes:
            if link.shortcode not in found:
                found.append(link.shortcode)
    return found


# --- stored rows -----------------------------------------------------------------------------


def _row_state(row: Any | None) -> dict[str, str | None]:
    if row is None:
        return {p: None for p in PLATFORMS}
    return {p: (getattr(row, PLATFORM_COLUMN[p]) or None) for p in PLATFORMS}


async def _existing(uow: UnitOfWork, table: str, shortcode: str, user_id: str) -> Any | None:
    assert table in TABLES
    return (
        await uow.execute(
            f"SELECT * FROM {table} WHERE shortcode = :s AND user_id = :u",  # noqa: S608 - table from TABLES
            {"s": shortcode, "u": user_id},
        )
    ).first()


async def _reported_platforms(uow: UnitOfWork, user_id: str, codes: list[str]) -> dict[str, set[str]]:
    done: dict[str, set[str]] = {}
    for table in TABLES:
        rows = await uow.execute(
            f"SELECT * FROM {table} WHERE user_id = :u AND shortcode = ANY(:codes)",  # noqa: S608
            {"u": user_id, "codes": codes},
        )
        for r in rows:
            state = _row_state(r)
            done.setdefault(r.shortcode, set()).update(p for p, v in state.items() if v)
    return done


async def _used_elsewhere(uow: UnitOfWork, values: list[str], shortcode: str, user_id: str) -> bool:
    """CONV-250: the URL is stored in any link column for another task post or another person."""
    for table in TABLES:
        hit = (
            await uow.execute(
                f"SELECT 1 FROM {table} WHERE NOT (shortcode = :s AND user_id = :u) AND ("  # noqa: S608
                + " OR ".join(f"{c} = ANY(:vals)" for c in LINK_COLUMNS)
                + ") LIMIT 1",
                {"s": shortcode, "u": user_id, "vals": values},
            )
        ).first()
        if hit:
            return True
    return False


def report_object(row: Any) -> dict[str, Any]:
    """The report object of API-75 (naive UTC timestamps as stored)."""
    return {c: getattr(row, c) for c in REPORT_COLUMNS}


async def _check_and_write(
    uow: UnitOfWork,
    *,
    reporter: Reporter,
    target: TaskPost,
    candidates: list[ClassifiedLink],
    now: datetime,
    channel: str,
    write_partial: bool,
) -> _Recorded:
    """Per-link checks of CONV-250 in order, then the write rule of CONV-251."""
    existing = await _existing(uow, target.table, target.shortcode, reporter.user_id)
    state = _row_state(existing)
    official_videos = await official_tiktok_videos(uow, [c.video_id for c in candidates if c.video_id])
    notes: list[tuple[str, Reason]] = []
    to_set: dict[str, str] = {}
    seen_platforms: set[str] = set()
    for link in candidates:
        assert link.platform is not None and link.canonical is not None
        if target.khusus and link.platform != "instagram":
            notes.append((link.raw, Reason.KHUSUS_INSTAGRAM_ONLY))
            continue
        if link.platform in seen_platforms:
            notes.append((link.raw, Reason.DUPLICATE_PLATFORM))
            continue
        seen_platforms.add(link.platform)
        values = list(dict.fromkeys([link.canonical, link.raw]))
        official_video = link.platform == "tiktok" and link.video_id in official_videos
        if not official_video and await _used_elsewhere(uow, values, target.shortcode, reporter.user_id):
            notes.append((link.raw, Reason.LINK_USED_ELSEWHERE))
            continue
        if state.get(link.platform) in values:
            notes.append((link.raw, Reason.ALREADY_RECORDED))
            continue
        handle = {"instagram": reporter.insta, "tiktok": reporter.tiktok}.get(link.platform)
        if link.account and handle and link.account != handle and not official_video:
            notes.append((link.raw, Reason.ACCOUNT_MISMATCH))
        to_set[link.platform] = link.canonical
    hard = [n for n in notes if n[1] not in INFORMATIVE]
    if not to_set or (hard and not write_partial):
        return _Recorded(state, set(), set(), notes, False, False)
    new = {p for p in to_set if not state.get(p)}
    replaced = {p for p in to_set if state.get(p)}
    stamp = utc_naive(now)
    columns = [PLATFORM_COLUMN[p] for p in to_set]
    params: dict[str, Any] = {PLATFORM_COLUMN[p]: v for p, v in to_set.items()}
    params.update(s=target.shortcode, u=reporter.user_id, now=stamp, src=channel)
    table = target.table
    row = (
        await uow.execute(
            f"INSERT INTO {table} (shortcode, user_id, {', '.join(columns)}, created_at, updated_at, report_source) "  # noqa: S608
            f"VALUES (:s, :u, {', '.join(':' + c for c in columns)}, :now, :now, :src) "
            f"ON CONFLICT (shortcode, user_id) DO UPDATE SET "
            + ", ".join(f"{c} = EXCLUDED.{c}" for c in columns)
            + ", updated_at = EXCLUDED.updated_at RETURNING *, (xmax = 0) AS inserted",
            params,
        )
    ).one()
    log.info(
        "link_report_recorded",
        extra={"table": table, "shortcode": target.shortcode, "user_id": reporter.user_id,
               "platforms": sorted(to_set), "channel": channel},
    )  # fmt: skip
    return _Recorded(_row_state(row), new, replaced, notes, bool(row.inserted), True)


async def _other_open_today(
    uow: UnitOfWork, reporter: Reporter, tasks: list[TaskPost], target: TaskPost, today: date
):
    todays = [t for t in tasks if t.op_date == today and t.shortcode != target.shortcode]
    if not todays:
        return []
    done = await _reported_platforms(uow, reporter.user_id, [t.shortcode for t in todays])
    return [t for t in todays if not done.get(t.shortcode)]


# --- WhatsApp channel ------------------------------------------------------------------------


async def _eligible_reporter(
    uow: UnitOfWork, phone: str | None
) -> tuple[Reporter, list[TaskClient], list[TaskClient]]:
    if phone is None:
        raise LinkReportRejected(Reason.UNRESOLVED_SENDER)
    reporter = await reporter_by_phone(uow, phone)
    clients = await task_clients(uow, reporter) if reporter else []
    return reporter, clients, eligible(reporter, clients)  # type: ignore[return-value]


async def report_by_message(
    uow: UnitOfWork, req: MessageReport, resolve: ResolveShortLink = _no_resolver
) -> MessageOutcome:
    """Run the WhatsApp link-report flow for one message and return the reply (CONV-240..253)."""
    try:
        reporter, clients, counted = await _eligible_reporter(uow, req.sender_phone)
    except LinkReportRejected as exc:
        return MessageOutcome(
            "rejected",
            exc.reason.value,
            render_rejection(exc.reason, offers_registration=req.offers_registration),
        )
    today = today_wib(req.now)
    tasks = await open_tasks(uow, counted, today, req.window_days)
    if not tasks:
        return MessageOutcome(
            "rejected",
            Reason.NO_OPEN_TASKS.value,
            render_rejection(Reason.NO_OPEN_TASKS),
            user_id=reporter.user_id,
        )
    by_code = {t.shortcode: t for t in tasks}
    client_ids = {c.client_id.strip().lower() for c in clients}
    parsed = await _parse_message(
        uow,
        req.text,
        open_codes=set(by_code),
        client_ids=client_ids,
        max_links=req.max_links,
        resolve=resolve,
    )
    if not parsed.candidates:
        code = (
            Reason.NO_AMPLIFICATION_LINK if parsed.only_official or not parsed.notes else parsed.notes[0][1]
        )
        notes = parsed.notes or [
            (f"https://www.instagram.com/p/{c}/", Reason.NO_AMPLIFICATION_LINK) for c in parsed.selectors
        ]
        text = render_nothing_recorded(notes, only_official=parsed.only_official)
        return MessageOutcome("nothing", code.value, text, user_id=reporter.user_id)

    blocks = None if req.chosen_shortcode else split_blocks(parsed)
    if blocks is not None:
        return await _report_blocks(uow, req, reporter, tasks, by_code, parsed, blocks)

    target: TaskPost | None = None
    choice_pool: list[TaskPost] = tasks
    marked: dict[str, set[str]] = {}
    if req.chosen_shortcode:
        target = by_code.get(req.chosen_shortcode)
    else:
        quoted = _open_selectors(await _quoted_text(uow, req), set(by_code))
        if quoted:
            named = list(dict.fromkeys(quoted + parsed.selectors))
        else:
            named = parsed.selectors
        if len(named) == 1:
            target = by_code[named[0]]
        elif len(named) > 1:
            choice_pool = [by_code[c] for c in named]
        else:
            todays = [t for t in tasks if t.op_date == today]
            if len(todays) == 1:
                target = todays[0]
            elif not todays and len(tasks) == 1:
                target = tasks[0]
        if target is not None:
            # An automatic choice never replaces an existing link (CONV-247).
            state = _row_state(await _existing(uow, target.table, target.shortcode, reporter.user_id))
            clash = {
                c.platform for c in parsed.candidates
                if c.platform and state.get(c.platform) and state.get(c.platform) not in (c.canonical, c.raw)
            }  # fmt: skip
            if clash:
                marked = {target.shortcode: clash}
                target, choice_pool = None, tasks
    if target is None:
        shown = order_for_choice(choice_pool, today)
        reported = await _reported_platforms(uow, reporter.user_id, [t.shortcode for t in shown])
        text = render_choice(shown, reported, today, marked=marked)
        return MessageOutcome(
            "choose", "choose_post", text, choices=[t.shortcode for t in shown], user_id=reporter.user_id
        )

    recorded = await _check_and_write(
        uow, reporter=reporter, target=target, candidates=parsed.candidates, now=req.now,
        channel="whatsapp", write_partial=True,
    )  # fmt: skip
    notes = parsed.notes + recorded.notes
    if not recorded.wrote:
        if notes and all(r == Reason.ALREADY_RECORDED for _, r in recorded.notes) and recorded.notes:
            others = await _other_open_today(uow, reporter, tasks, target, today)
            text = render_confirmation(
                reporter=reporter, target=target, state=recorded.state, new=set(), replaced=set(),
                notes=notes, other_open=others, now=req.now,
            )  # fmt: skip
            return MessageOutcome("recorded", Reason.ALREADY_RECORDED.value, text, user_id=reporter.user_id,
                                  target=target.shortcode)  # fmt: skip
        text = render_nothing_recorded(notes, only_official=False)
        return MessageOutcome(
            "nothing", notes[0][1].value, text, user_id=reporter.user_id, target=target.shortcode
        )
    await uow.commit()
    others = await _other_open_today(uow, reporter, tasks, target, today)
    text = render_confirmation(
        reporter=reporter, target=target, state=recorded.state, new=recorded.new, replaced=recorded.replaced,
        notes=notes, other_open=others, now=req.now,
    )  # fmt: skip
    return MessageOutcome(
        "recorded", "link_recorded", text, user_id=reporter.user_id, target=target.shortcode
    )


async def _report_blocks(
    uow: UnitOfWork,
    req: MessageReport,
    reporter: Reporter,
    tasks: list[TaskPost],
    by_code: dict[str, TaskPost],
    parsed: _Parsed,
    found: _Blocks,
) -> MessageOutcome:
    """CONV-259: every block recorded as its own report (CONV-250/251 per block), one reply."""
    today = today_wib(req.now)
    notes = list(parsed.notes) + [(link.raw, Reason.BEFORE_FIRST_TASK) for link in found.leading]
    done: list[BlockResult] = []
    for code, links in found.blocks:
        target = by_code[code]
        if not links:
            notes.append((target.link, Reason.NO_AMPLIFICATION_LINK))
            continue
        recorded = await _check_and_write(
            uow, reporter=reporter, target=target, candidates=links, now=req.now,
            channel="whatsapp", write_partial=True,
        )  # fmt: skip
        done.append(BlockResult(target, recorded.state, recorded.new, recorded.replaced, recorded.notes))
    if not any(b.new or b.replaced for b in done):
        notes += [n for b in done for n in b.notes]
        code = notes[0][1].value if notes else Reason.NO_AMPLIFICATION_LINK.value
        return MessageOutcome("nothing", code, render_nothing_recorded(notes, only_official=False),
                              user_id=reporter.user_id)  # fmt: skip
    await uow.commit()
    reported = {b.target.shortcode for b in done}
    others = [
        t for t in await _other_open_today(uow, reporter, tasks, done[0].target, today)
        if t.shortcode not in reported
    ]  # fmt: skip
    text = render_block_confirmation(
        reporter=reporter, blocks=done, notes=notes, other_open=others, now=req.now
    )
    return MessageOutcome("recorded", "links_recorded", text, user_id=reporter.user_id,
                          target=",".join(b.target.shortcode for b in done))  # fmt: skip


# --- HTTP channel ----------------------------------------------------------------------------


def _shortcode_of(value: str) -> str:
    value = (value or "").strip()
    if "/" in value:
        link = classify_url(value)
        return link.shortcode or ""
    return value


def _field_platform(key: str) -> str | None:
    key = key.strip().lower()
    name = key[: -len("_link")] if key.endswith("_link") else key
    return name if name in PLATFORMS else None


def _is_own_upload(req: ApiReport, target: TaskPost, link: ClassifiedLink) -> bool:
    """API-77: the khusus post the person uploaded and registered is itself their report, so its own
    link is recorded. Only that input declares an upload; a WhatsApp message or an API-75/76 body
    naming a task post's link still gets the official-link rules of CONV-244."""
    return req.own_upload and target.khusus and link.shortcode == target.shortcode


async def submit_api_report(
    uow: UnitOfWork, req: ApiReport, resolve: ResolveShortLink = _no_resolver
) -> ApiOutcome:
    """The `api` channel (CONV-257): same rules, target named by the caller, all-or-nothing."""

    def reject(reason: Reason, detail: str | None = None) -> ApiOutcome:
        return ApiOutcome("rejected", reason.value, detail or phrase(reason))

    given = {k: (v or "").strip() for k, v in req.links.items() if v is not None and str(v).strip()}
    if not given:
        return reject(Reason.NO_LINK)
    reporter = await reporter_by_user_id(uow, req.user_id)
    try:
        clients = await task_clients(uow, reporter) if reporter else []
        counted = eligible(reporter, clients)
    except LinkReportRejected as exc:
        return reject(exc.reason)
    assert reporter is not None
    code = _shortcode_of(req.shortcode)
    tasks = await open_tasks(uow, counted, today_wib(req.now), req.window_days)
    open_codes = {t.shortcode for t in tasks}
    client_ids = {c.client_id.strip().lower() for c in clients}
    pool = [t for t in tasks if t.khusus] if req.khusus else tasks
    target = next((t for t in pool if t.shortcode == code), None)
    if target is None:
        owners = (await official_owners(uow, [code])).get(code) if code else None
        if not owners:
            return reject(Reason.POST_NOT_FOUND)
        return reject(official_refusal(owners, client_ids))
    if not req.khusus and target.khusus:
        target = TaskPost(target.shortcode, target.client_id, False, target.created_at, target.caption)
    candidates: list[ClassifiedLink] = []
    for key, value in given.items():
        platform = _field_platform(key)
        if platform is None:
            continue
        tokens = extract_link_tokens(value) or [value]
        result = await resolve_link(tokens[0], resolve)
        if isinstance(result, Reason):
            return reject(result)
        if result.platform != platform:
            return reject(Reason.PLATFORM_MISMATCH)
        if platform == "instagram" and result.shortcode and not _is_own_upload(req, target, result):
            owners = (await official_owners(uow, [result.shortcode])).get(result.shortcode)
            if owners:
                # CONV-244/253 as on WhatsApp: an official link is never an amplification link; one of an
                # open task would only select a target, and the caller has named it already.
                open_task = result.shortcode in open_codes
                return reject(
                    Reason.NO_AMPLIFICATION_LINK if open_task else official_refusal(owners, client_ids)
                )
        candidates.append(result)
    if not candidates:
        return reject(Reason.NO_LINK)
    existing = await _existing(uow, target.table, target.shortcode, reporter.user_id)
    if req.require_existing and existing is None:
        return reject(Reason.REPORT_NOT_FOUND)
    recorded = await _check_and_write(
        uow, reporter=reporter, target=target, candidates=candidates, now=req.now, channel="api",
        write_partial=False,
    )  # fmt: skip
    hard = [n for n in recorded.notes if n[1] not in INFORMATIVE]
    if hard:
        return reject(hard[0][1])
    if recorded.wrote:
        await uow.commit()
    row = await _existing(uow, target.table, target.shortcode, reporter.user_id)
    others = await _other_open_today(uow, reporter, tasks, target, today_wib(req.now))
    confirmation = render_confirmation(
        reporter=reporter, target=target, state=recorded.state if recorded.wrote else _row_state(row),
        new=recorded.new, replaced=recorded.replaced, notes=recorded.notes, other_open=others, now=req.now,
    )  # fmt: skip
    status = "created" if recorded.created else "updated"
    return ApiOutcome(
        status, "link_recorded", report=report_object(row) if row else None,
        confirmation=confirmation if recorded.wrote else None, whatsapp=reporter.whatsapp or None,
    )  # fmt: skip


# --- reading, listing, deleting (API-76/77) --------------------------------------------------


def _table(khusus: bool) -> str:
    return "link_report_khusus" if khusus else "link_report"


async def get_report(
    uow: UnitOfWork, shortcode: str, user_id: str, *, khusus: bool = False
) -> dict[str, Any] | None:
    row = await _existing(uow, _table(khusus), _shortcode_of(shortcode), user_id)
    return report_object(row) if row else None


async def delete_report(
    uow: UnitOfWork, shortcode: str, user_id: str, *, khusus: bool = False
) -> dict[str, Any] | None:
    """Delete one report and commit; returns the deleted object, None when absent (404)."""
    table = _table(khusus)
    row = (
        await uow.execute(
            f"DELETE FROM {table} WHERE shortcode = :s AND user_id = :u RETURNING *",  # noqa: S608
            {"s": _shortcode_of(shortcode), "u": user_id},
        )
    ).first()
    if row is None:
        return None
    await uow.commit()
    return report_object(row)


@dataclass(frozen=True)
class ReportQuery:
    khusus: bool = False
    user_id: str | None = None
    shortcode: str | None = None
    client_id: str | None = None  # the post's client (case-insensitive)
    client_ids: Collection[str] | None = None  # read scope: posts of these clients only; None = all
    start: date | None = None  # WIB dates of created_at, inclusive
    end: date | None = None
    limit: int = 20
    offset: int = 0


async def list_reports(uow: UnitOfWork, q: ReportQuery) -> tuple[list[dict[str, Any]], int]:
    """Rows + post caption/image/thumbnail, newest first, and the total count (API-76)."""
    from core.timewindow import range_window

    table = _table(q.khusus)
    posts = "insta_post_khusus" if q.khusus else "insta_post"
    where = ["true"]
    params: dict[str, Any] = {"limit": max(1, min(q.limit, 200)), "offset": max(q.offset, 0)}
    if q.user_id:
        where.append("r.user_id = :uid")
        params["uid"] = q.user_id
    if q.shortcode:
        where.append("r.shortcode = :sc")
        params["sc"] = _shortcode_of(q.shortcode)
    if q.client_id:
        where.append("lower(trim(p.client_id)) = lower(trim(:cid))")
        params["cid"] = q.client_id
    if q.client_ids is not None:
        where.append("lower(trim(p.client_id)) = ANY(:scope)")
        params["scope"] = [c.strip().lower() for c in q.client_ids]
    if q.start or q.end:
        start = q.start or q.end
        end = q.end or q.start
        assert start is not None and end is not None
        win = range_window(start, end, max(start, end))
        clause, wparams = win.sql_range("r.created_at")
        where.append(clause)
        params.update(wparams)
    base = f"FROM {table} r LEFT JOIN {posts} p ON p.shortcode = r.shortcode WHERE {' AND '.join(where)}"
    total = (await uow.execute(f"SELECT count(*) {base}", params)).scalar_one()  # noqa: S608
    rows = await uow.execute(
        f"SELECT r.*, p.caption, p.image_url, p.thumbnail_url {base} "  # noqa: S608
        "ORDER BY r.created_at DESC NULLS LAST, r.shortcode, r.user_id LIMIT :limit OFFSET :offset",
        params,
    )
    items = []
    for r in rows:
        item = report_object(r)
        item.update(caption=r.caption, image_url=r.image_url, thumbnail_url=r.thumbnail_url)
        items.append(item)
    return items, int(total)
