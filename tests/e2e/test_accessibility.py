"""Basic accessibility of the main pages at phone width, in Chinese and in English (issue 13
item 9).

Every main page (the list of ``tests/test_language.py``, on the same small ``bashu demo``) is
opened in chromium at 390×844 and checked with axe-core (npm, pinned in ``package.json``, read
from ``node_modules``; it is not one of the portal's static files): no "serious" or "critical"
violation. Besides: every input has a label, the page opens with a skip link to ``#main``, the
page does not scroll sideways, and the tap targets of the main menu and of the forms (links,
buttons, fields) are at least 44 px high.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from tests.test_language import demo, main_pages  # noqa: F401 - demo is a fixture

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
TAP = 44

#: axe's rules for WCAG 2.1 A and AA and its best practices; the impacts that fail.
AXE_RUN = """async () => {
  const result = await axe.run(document, {
    runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']},
    resultTypes: ['violations'],
  });
  return result.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => `${v.impact} ${v.id} ×${v.nodes.length}: ${v.nodes[0].target.join(' ')}`
              + ` — ${v.nodes[0].failureSummary.split('\\n').slice(1, 2).join('').trim()}`);
}"""

UNLABELLED = """() => Array.from(document.querySelectorAll('input, select, textarea'))
  .filter(e => e.type !== 'hidden' && !e.disabled && e.tabIndex !== -1
               && e.getClientRects().length > 0)
  .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')
               && !e.getAttribute('aria-labelledby') && !e.title)
  .map(e => e.outerHTML.slice(0, 120))"""

SKIP_LINK = """() => {
  const first = document.querySelector('body a[href], body button, body input, body select');
  return !!first && first.getAttribute('href') === '#main' && !!document.getElementById('main');
}"""

#: Visible links, buttons and fields of the forms and of the opened main menu lower than 44 px
#: (a check box or radio button is tapped by its label, and a picker by Tom Select's box around
#: its text input: those are measured instead).
SMALL_TARGETS = """(tap) => {
  const targets = [
    ...document.querySelectorAll('#site-nav .nav-link'),
    ...document.querySelectorAll(
      'main form a, main form button, main form select, main form textarea, main form label.form-check-label,'
      + 'main form .ts-wrapper, main form input:not([type=hidden]):not([type=checkbox]):not([type=radio])'),
  ];
  return targets
    .filter(e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden')
    .filter(e => !e.closest('.visually-hidden, .ts-dropdown, .ts-control'))
    .filter(e => e.getBoundingClientRect().height < tap)
    .map(e => `${Math.round(e.getBoundingClientRect().height)}px `
              + (e.innerText || e.getAttribute('aria-label') || e.name || e.outerHTML).trim().slice(0, 40));
}"""


def _session_cookie(user: Any) -> str:
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _problems(page: Any) -> list[str]:  # type: ignore[no-untyped-def]
    problems = [f"axe {v}" for v in page.evaluate(AXE_RUN)]
    problems += [f"unlabelled {e}" for e in page.evaluate(UNLABELLED)]
    if not page.evaluate(SKIP_LINK):
        problems.append("no skip link to #main first")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    if width > PHONE["width"]:
        problems.append(f"scrolls sideways: {width}px")
    menu = page.locator("button.navbar-toggler")
    if menu.is_visible():
        menu.click()
        page.wait_for_timeout(400)  # the collapse animation
    problems += [f"small target {e}" for e in page.evaluate(SMALL_TARGETS, TAP)]
    return problems


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_main_pages_are_accessible_on_a_phone(  # type: ignore[no-untyped-def]
    browser,
    live_server,
    demo,  # noqa: F811 - the fixture imported above
    language: str,
) -> None:
    assert AXE.exists(), "axe-core is missing: run `npm ci`"
    failures: list[str] = []
    contexts: dict[str | None, Any] = {}
    for username, path in main_pages(demo):
        if username not in contexts:
            # CSP allows no inline script: axe is added through the browser, not the page.
            context = browser.new_context(
                locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True, bypass_csp=True
            )
            cookies = [{"name": "django_language", "value": language, "url": live_server.url}]
            if username is not None:
                cookies.append(
                    {
                        "name": settings.SESSION_COOKIE_NAME,
                        "value": _session_cookie(demo["users"][username]),
                        "url": live_server.url,
                    }
                )
            context.add_cookies(cookies)
            contexts[username] = context
        page = contexts[username].new_page()
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        page.add_script_tag(path=str(AXE))
        problems = _problems(page)
        page.close()
        failures += [f"{username or 'anonymous'} {path}: {p}" for p in problems]
    for context in contexts.values():
        context.close()
    assert not failures, f"{len(failures)} accessibility problems ({language}):\n" + "\n".join(
        failures
    )
