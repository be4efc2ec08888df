"""Rate limits on the public doors (限流): 429 with ``Retry-After`` once a client has asked too often.

Which views are limited is written here, in :data:`LIMITED_VIEWS` (a URL name and the methods
counted); how often each may be asked is a setting, ``BASHU_RATE_LIMITS`` (scope → rates such
as ``"10/m"``, ``"200/d"``; every rate must hold). A client is the signed-in account, or else
the network address (:func:`client_address`, which believes ``X-Forwarded-For`` only as far
as ``BASHU_TRUSTED_PROXIES`` says there are proxies in front).

The counting is django-ninja's sliding window (:class:`ninja.throttling.SimpleRateThrottle`)
over the cache named by ``BASHU_RATE_LIMIT_CACHE``: the database cache by default, so every
server process and thread shares the counters with nothing else to run (a Redis cache may
replace it). Counting reads and writes the history without a lock: under a burst of
concurrent requests from one client a few more than the limit may pass; the limit still
bounds what a client can do per window.

Failed sign-ins are handled apart, by django-axes (per account and address, see settings).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.core.management import call_command
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from ninja.throttling import SimpleRateThrottle


@dataclass(frozen=True)
class Limited:
    """A view counted against ``scope`` for the listed HTTP methods."""

    scope: str
    methods: frozenset[str]


def _limited(scope: str, *methods: str) -> Limited:
    return Limited(scope, frozenset(methods))


#: URL name → scope. Every public door that answers an anonymous caller with work done on
#: the registry or a signature (a test checks that each name still resolves).
LIMITED_VIEWS: dict[str, Limited] = {
    "api-v1:validate_resident_id": _limited("validate", "GET"),
    "api-v1:validate_resident_id_check": _limited("validate", "POST"),
    "api-v1:validate_uscc": _limited("validate", "GET"),
    "api-v1:precheck": _limited("precheck", "POST"),
    "api-v1:precheck_document": _limited("precheck_document", "POST"),
    "api-v1:certificate": _limited("certificate", "GET"),
    "api-v1:certificate_lookup": _limited("certificate", "POST"),
    "recognition:certificate": _limited("certificate", "GET", "POST"),
    "recognition:precheck": _limited("precheck", "POST"),
    "recognition:precheck_document": _limited("precheck_document", "POST"),
    "api-v1:card_services": _limited("card_services", "GET"),
    "api-v1:card_services_check": _limited("card_services", "POST"),
    "api-v1:verify_document": _limited("verify", "POST"),
    "recognition:verify": _limited("verify", "POST"),
    "api-v1:exchange_inbox": _limited("exchange_inbox", "POST"),
    "api-v1:status_list": _limited("status_list", "GET"),
    "web:login": _limited("login", "POST"),
    "admin:login": _limited("login", "POST"),
}


def client_address(request: HttpRequest) -> str:
    """The caller's address: ``REMOTE_ADDR``, or with ``BASHU_TRUSTED_PROXIES = n`` proxies in
    front, the address the outermost trusted proxy saw (the n-th ``X-Forwarded-For`` entry
    from the right). A client cannot choose its address by sending the header itself.

    Also django-axes' ``AXES_CLIENT_IP_CALLABLE``, so sign-in lockouts count the same client."""
    remote = str(request.META.get("REMOTE_ADDR") or "unknown")
    proxies = int(getattr(settings, "BASHU_TRUSTED_PROXIES", 0) or 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if proxies <= 0 or not forwarded:
        return remote
    hops = [h.strip() for h in str(forwarded).split(",") if h.strip()]
    if not hops:
        return remote
    return hops[-min(proxies, len(hops))]


def axes_client_address(request: HttpRequest) -> str | None:
    """:func:`client_address` for django-axes, which stores it in an address column: ``None``
    when the request carries no address (a sign-in made in code, e.g. ``force_login``)."""
    address = client_address(request)
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return None
    return address


def last_failed_sign_in(username: str, address: str) -> dt.datetime | None:
    """When ``username`` last failed to sign in from ``address`` (django-axes' record), for
    the lockout page's "try again in … minutes"."""
    from axes.models import AccessAttempt

    last: dt.datetime | None = (
        AccessAttempt.objects.filter(username=username, ip_address=address)
        .order_by("-attempt_time")
        .values_list("attempt_time", flat=True)
        .first()
    )
    return last


def _client(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"addr:{client_address(request)}"


def _cache() -> BaseCache:
    return caches[getattr(settings, "BASHU_RATE_LIMIT_CACHE", "default")]


class _Window(SimpleRateThrottle):
    """ninja's sliding window for one rate of one scope and client (one instance a request:
    the base class keeps the request's history on the instance)."""

    def __init__(self, rate: str, key: str, cache: BaseCache) -> None:
        self.cache = cache
        self._key = key
        super().__init__(rate)

    def get_cache_key(self, request: HttpRequest) -> str | None:
        return self._key


def rates_for(scope: str) -> list[str]:
    """The rates configured for ``scope`` (none: not limited)."""
    configured = getattr(settings, "BASHU_RATE_LIMITS", {}).get(scope) or []
    return [configured] if isinstance(configured, str) else list(configured)


def retry_after(request: HttpRequest, scope: str) -> int | None:
    """Count this request against ``scope``; ``None`` if it may pass, else the seconds to wait.

    Every rate counts the request (a request refused by one rate still uses the others)."""
    if not getattr(settings, "BASHU_RATE_LIMIT_ENABLED", True):
        return None
    cache = _cache()
    client = _client(request)
    waits: list[float] = []
    for rate in rates_for(scope):
        window = _Window(rate, f"ratelimit:{scope}:{rate}:{client}", cache)
        if not window.allow_request(request):
            waits.append(window.wait() or float(window.duration or 1))
    if not waits:
        return None
    return max(1, math.ceil(max(waits)))


def too_many_requests(request: HttpRequest, seconds: int) -> HttpResponse:
    """429 with ``Retry-After``: the API's error shape under /api/, a page elsewhere."""
    message = _("请求过于频繁，请 %(seconds)s 秒后再试。") % {"seconds": seconds}
    response: HttpResponse
    if request.path_info.startswith("/api/"):
        response = JsonResponse(
            {
                "detail": message,
                "errors": [
                    {
                        "field": "",
                        "rule": "rate_limit",
                        "message": message,
                        "retry_after": seconds,
                    }
                ],
            },
            status=429,
            json_dumps_params={"ensure_ascii": False},
        )
    else:
        response = render(request, "web/too_many_requests.html", {"message": message}, status=429)
    response["Retry-After"] = str(seconds)
    return response


class RateLimitMiddleware:
    """Counts requests to :data:`LIMITED_VIEWS` before the view runs (before a body is parsed
    or a signature checked), and answers 429 past the limit."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: Iterable[Any],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        match = request.resolver_match
        limited = LIMITED_VIEWS.get(match.view_name) if match is not None else None
        if limited is None or request.method not in limited.methods:
            return None
        seconds = retry_after(request, limited.scope)
        if seconds is None:
            return None
        return too_many_requests(request, seconds)


def cache_table_ensure(**kwargs: Any) -> None:
    """``post_migrate``: create the database cache's table (``createcachetable`` is idempotent),
    so ``bashu migrate`` leaves a deployment with working rate limits."""
    call_command("createcachetable", database=kwargs.get("using", "default"), verbosity=0)
