"""Request middleware for a public service: session lifetime and no caching of personal data.

See docs/adr/0008-serving.md for the choices.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

#: Session keys (seconds since the epoch): when the sign-in began, when it was last used.
SIGNED_IN_AT = "_bashu_signed_in_at"
LAST_SEEN_AT = "_bashu_last_seen_at"
#: The session is re-saved (and its idle expiry pushed back) at most this often.
TOUCH_INTERVAL = 60

Handler = Callable[[HttpRequest], HttpResponse]


class SessionLifetimeMiddleware:
    """Signs out a session idle for SESSION_COOKIE_AGE or older than SESSION_MAX_LIFETIME.

    Django alone gives a fixed lifetime from the last save. This adds the two limits a public
    service needs (OWASP ASVS 3.3): an idle timeout that every use pushes back, and an absolute
    lifetime that nothing extends. An expired session is flushed and the request goes on as
    anonymous, so a protected page redirects to the sign-in.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            session = request.session
            signed_in = session.get(SIGNED_IN_AT)
            seen = session.get(LAST_SEEN_AT, signed_in)
            if signed_in is None:
                session[SIGNED_IN_AT] = session[LAST_SEEN_AT] = now
            elif (
                now - signed_in > settings.SESSION_MAX_LIFETIME
                or now - seen > settings.SESSION_COOKIE_AGE
            ):
                logout(request)
            elif now - seen >= TOUCH_INTERVAL:
                session[LAST_SEEN_AT] = now  # modified: saved with a fresh idle expiry
        response = self.get_response(request)
        # A sign-in during this request (the login view) starts the clock.
        if request.user.is_authenticated and SIGNED_IN_AT not in request.session:
            now = int(time.time())
            request.session[SIGNED_IN_AT] = request.session[LAST_SEEN_AT] = now
        return response


#: Public pages and API endpoints that carry no personal data when asked anonymously with
#: GET or HEAD: the only responses that browsers and proxies may store. Everything else —
#: any signed-in request, any other method, any other path (certificates, verification,
#: validation, people, insurance, cases, archives, me, recognition) — is ``no-store``. (HTML
#: pages carry a CSRF token whose cookie Django re-sends, so in practice they are private too.)
PUBLIC_PATHS = re.compile(
    r"""^/(?:
        $
      | jobs/(?:\d+/)?$
      | fairs/$
      | indices/
      | api/v1/(?:
            openapi\.json$ | docs$
          | regions | industries | occupations | title-series | title-levels
          | skill-levels | education-levels
          | jobs/search$ | jobs/postings(?:/\d+)?$ | jobs/fairs(?:/\d+)?$ | jobs/intentions/stats$
          | recognition/keys$ | recognition/status/\d{6}/revocation$
          | indices/
        )
    )""",
    re.VERBOSE,
)

PRIVATE = "no-store, private"


def is_public(request: HttpRequest, response: HttpResponse) -> bool:
    """May this response be stored by a browser or a shared cache?

    Never when it sets a cookie (a CSRF token handed to one visitor is not for the next).
    """
    user = getattr(request, "user", None)  # absent when a middleware answered early
    return (
        request.method in ("GET", "HEAD")
        and not response.cookies
        and user is not None
        and not user.is_authenticated
        and PUBLIC_PATHS.match(request.path_info) is not None
    )


class PrivateResponseMiddleware:
    """``Cache-Control: no-store, private`` on every response that may carry personal data.

    Default deny: only anonymous GETs of the public paths above keep their caching headers, so
    a new endpoint is private until it is listed. Replaces whatever the view set. Installed
    outside the session and CSRF middleware, so it sees every cookie the response sets.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not is_public(request, response):
            response["Cache-Control"] = PRIVATE
            if "Expires" in response:
                del response["Expires"]
        return response
