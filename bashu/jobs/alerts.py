"""Job alerts (职位提醒): saved searches and the recommendations opt-in, and the run that sends
new matching postings, each posting once per person (docs/adr/0015-notifications.md).

The run (``bashu job_alerts_run``, every 15 minutes from the schedule) takes the alerts
checked longest ago, at most ``ALERTS_PER_RUN`` of them. For each it asks the search index
(the same ``search`` as /jobs/) or the matcher for postings opened since the day before its
last check (never before the alert was made), leaves out what the person was sent already,
and sends what is left in one notification. ``JobAlertSent`` (unique per person and
posting) is written in the same transaction as the notification: a posting is never sent
twice, by two runs, two alerts or two workers at once.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from bashu.core import bounds
from bashu.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from bashu.core.models import Role, User
from bashu.core.notifications import Words, notify
from bashu.core.permissions import Requester, account
from bashu.jobs import search as index
from bashu.jobs import selectors
from bashu.jobs.models import AlertKind, JobAlert, JobAlertSent, JobPosting

#: A person keeps at most this many saved searches.
ALERTS_PER_ACCOUNT = 20
#: Alerts looked at per run (bounded work; the rest wait for the next run, oldest first).
ALERTS_PER_RUN = 500
#: Postings looked at per alert and run, and listed in one notification.
HITS_PER_ALERT = 50
LISTED = 5
#: What of the search page's parameters a saved search keeps.
QUERY_FIELDS = ("q", "region", "industry", "education", "salary_min")


def _seeker_account(by: Requester) -> User:
    user = account(by)
    if user is None:
        raise Forbidden(_("请先登录"))
    if user.role != Role.SEEKER:
        raise Forbidden(_("只有求职者可以订阅岗位"))
    return user


def alert_query_clean(params: dict[str, Any]) -> dict[str, Any]:
    """The search page's parameters as a saved search keeps them: known fields only, text
    bounded as the page bounds it, empty ones dropped. Refuses (422) an empty search."""
    query: dict[str, Any] = {}
    q = bounds.text_param(str(params.get("q") or ""))
    if q:
        query["q"] = q
    for name in ("region", "industry", "education"):
        value = bounds.text_param(str(params.get(name) or ""), max_length=12)
        if value:
            query[name] = value
    salary = bounds.int_param(str(params.get("salary_min") or ""), maximum=bounds.MAX_SALARY)
    if salary:
        query["salary_min"] = salary
    if not query:
        raise InvalidInput.one("q", "required", _("请先输入关键词或选择筛选条件"))
    return query


def alert_label(query: dict[str, Any]) -> str:
    parts = [str(query[name]) for name in QUERY_FIELDS if query.get(name)]
    return " · ".join(parts)[:120]


@transaction.atomic
def alert_create(*, by: Requester, params: dict[str, Any]) -> JobAlert:
    """Save a search for the signed-in seeker. The same search twice is refused (409), as
    more than ``ALERTS_PER_ACCOUNT`` searches."""
    user = _seeker_account(by)
    query = alert_query_clean(params)
    User.objects.select_for_update().filter(pk=user.pk).first()  # one save at a time
    mine = JobAlert.objects.filter(account=user, kind=AlertKind.SEARCH)
    if any(existing == query for existing in mine.values_list("query", flat=True)):
        raise Conflict(_("已订阅过相同的搜索"))
    if mine.count() >= ALERTS_PER_ACCOUNT:
        raise Conflict(_("最多订阅 %(n)d 个搜索，请先删除不需要的") % {"n": ALERTS_PER_ACCOUNT})
    return JobAlert.objects.create(
        account=user, kind=AlertKind.SEARCH, query=query, label=alert_label(query)
    )


@transaction.atomic
def alert_delete(*, by: Requester, alert_id: int) -> None:
    """Delete one of the seeker's own alerts; anyone else's (or none) is :class:`NotFound`."""
    user = _seeker_account(by)
    deleted, _rows = JobAlert.objects.filter(pk=alert_id, account=user).delete()
    if not deleted:
        raise NotFound(_("未找到该订阅"))


@transaction.atomic
def recommendations_subscribe(*, by: Requester, on: bool) -> bool:
    """Opt the seeker into (or out of) alerts of new recommended postings; the state."""
    user = _seeker_account(by)
    if not on:
        JobAlert.objects.filter(account=user, kind=AlertKind.RECOMMENDATIONS).delete()
        return False
    try:
        with transaction.atomic():
            JobAlert.objects.get_or_create(
                account=user, kind=AlertKind.RECOMMENDATIONS,
                defaults={"label": "recommendations"},
            )  # fmt: skip
    except IntegrityError:  # subscribed meanwhile
        pass
    return True


def alert_list(*, by: Requester) -> list[JobAlert]:
    user = _seeker_account(by)
    return list(JobAlert.objects.filter(account=user))


# --- the run ---------------------------------------------------------------------------------


def _since(alert: JobAlert) -> dt.date:
    """Postings opened from this day on are new to the alert: the day before its last check
    (a posting indexed a little after its opening is not missed), never before the alert."""
    created = timezone.localdate(alert.created_at)
    if alert.checked_at is None:
        return created
    return max(created, timezone.localdate(alert.checked_at) - dt.timedelta(days=1))


def _search_ids(alert: JobAlert, since: dt.date) -> list[int]:
    query = alert.query or {}
    today = timezone.localdate()
    filters = selectors.search_filters(
        region=query.get("region"),
        industry=query.get("industry"),
        salary_min=query.get("salary_min"),
        education=query.get("education"),
        posted_within_days=max(0, (today - since).days),
        strict=False,
    )
    hits = index.search(
        str(query.get("q") or ""), filters, limit=HITS_PER_ALERT, facets=False, count=False
    )
    return [posting_id for posting_id, _score in hits.hits]


def _recommended_ids(alert: JobAlert) -> list[int]:
    from bashu.jobs.matching.engine import matches_for_seeker

    seeker = selectors.seeker_for(alert.account)
    if seeker is None:
        return []
    return [match.posting_id for match in matches_for_seeker(seeker, limit=20)]


def _alert_run(alert: JobAlert, now: dt.datetime) -> int:
    """Send ``alert``'s new postings (one notification); how many postings were sent."""
    since = _since(alert)
    if alert.kind == AlertKind.RECOMMENDATIONS:
        candidates = _recommended_ids(alert)
    else:
        candidates = _search_ids(alert, since)
    sent = 0
    with transaction.atomic():
        # Lock the person: two runs (or two of their alerts) at once take turns, and the
        # second reads the first's JobAlertSent rows once it may go on.
        User.objects.select_for_update().filter(pk=alert.account_id).first()
        if not JobAlert.objects.filter(pk=alert.pk).exists():  # deleted meanwhile
            return 0
        if candidates:
            already = set(
                JobAlertSent.objects.filter(
                    account_id=alert.account_id, posting_id__in=candidates
                ).values_list("posting_id", flat=True)
            )
            fresh = list(
                selectors.open_postings()
                .filter(pk__in=[c for c in candidates if c not in already], open_date__gte=since)
                .select_related("employer")
                .order_by("-open_date", "-id")
            )
            if fresh:
                JobAlertSent.objects.bulk_create(
                    [JobAlertSent(account_id=alert.account_id, posting=p, alert=alert)
                     for p in fresh]
                )  # fmt: skip
                _alert_notify(alert, fresh)
                sent = len(fresh)
        JobAlert.objects.filter(pk=alert.pk).update(checked_at=now)
    return sent


class _More:
    """ "and n more", in the language being written."""

    def __init__(self, n: int) -> None:
        self.n = n

    def __str__(self) -> str:
        return _("另有 %(n)d 个") % {"n": self.n}


def _alert_notify(alert: JobAlert, postings: list[JobPosting]) -> None:
    listed = "\n".join(f"· {p.title}（{p.employer.name}）" for p in postings[:LISTED])
    more = len(postings) - LISTED
    # Written in every language of the portal (the inbox shows the reader's).
    if alert.kind == AlertKind.RECOMMENDATIONS:
        title = Words(gettext_noop("有 %(n)d 个新的推荐岗位"), {"n": len(postings)})
        link = "/seeker/"
    else:
        title = Words(
            gettext_noop("“%(label)s”有 %(n)d 个新岗位"), {"label": alert.label, "n": len(postings)}
        )
        link = "/jobs/?" + urlencode(alert.query or {})
    body: str | Words = listed
    if more > 0:
        body = Words("%(listed)s\n%(more)s", {"listed": listed, "more": _More(more)})
    if len(postings) == 1:
        link = f"/jobs/{postings[0].pk}/"
    notify(
        recipient=alert.account,
        kind="jobs.alert",
        title=title,
        body=body,
        link=link[:500],
        dedupe_key=f"jobs.alert:{alert.pk}:{min(p.pk for p in postings)}:{len(postings)}",
    )


def job_alerts_run(
    *, now: dt.datetime | None = None, limit: int = ALERTS_PER_RUN
) -> dict[str, int]:
    """One bounded run over the alerts checked longest ago (never checked first): how many
    alerts were looked at and how many postings sent."""
    now = now or timezone.now()
    due = (
        JobAlert.objects.select_related("account")
        .filter(account__is_active=True)
        .order_by(F("checked_at").asc(nulls_first=True), "id")[:limit]
    )
    alerts = sent = 0
    for alert in due:
        sent += _alert_run(alert, now)
        alerts += 1
    return {"alerts": alerts, "postings": sent}
