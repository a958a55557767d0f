"""Works offline (issue 12, item 3) in Chromium: the app installs a service worker and a
manifest; a waking logged with no connection is kept on the phone, the page still opens
offline, and once the connection is back the waking is stored, once, even when the phone
sends it a second time (its first answer lost)."""

from __future__ import annotations

import json

from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from beside.journal.schema import NightRow, WakingRow
from beside.records.enums import ResettleMethod
from tests.browser.conftest import Family, sign_in


def _wakings(family: Family) -> list[WakingRow]:
    with Session(family.engine) as s:
        return list(s.scalars(select(WakingRow)).all())


def _bedtime(page: Page, family: Family) -> str:
    sign_in(page, family.base)
    page.click("text=Noor")
    page.get_by_role("button", name="Bedtime", exact=True).click()
    expect(page.locator(".saved")).to_contain_text("Saved: bedtime at")
    return page.url


def _awake_then_held(page: Page) -> None:
    page.get_by_role("button", name="Awake, quietly", exact=True).click()
    page.wait_for_selector("time[data-started]")
    page.wait_for_timeout(1200)
    page.get_by_role("button", name="Held", exact=True).click()
    expect(page.locator("#outbox")).to_contain_text("Kept on this phone")
    expect(page.locator("#outbox")).to_contain_text("back to sleep: held")
    expect(page.get_by_role("button", name="Awake, calling for me", exact=True)).to_be_visible()


def test_a_waking_that_could_not_be_sent_is_sent_once_when_the_page_comes_back(
    browser: Browser, family: Family
) -> None:
    """The phone believes it is online but the server cannot be reached (a dropped Wi-Fi):
    the send fails and the waking is kept. The next page of ours sends it; sent again (the
    first answer lost), it is stored once. No service worker here: this is the page's own
    keeping, which Safari and plain http on a home network rely on."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, service_workers="block")
    page = context.new_page()
    moment = _bedtime(page, family)
    page.route("**/now/waking", lambda route: route.abort("internetdisconnected"))
    _awake_then_held(page)
    assert _wakings(family) == []
    kept = page.evaluate("localStorage.getItem('beside.outbox')")
    assert len(json.loads(kept)) == 1

    page.unroute("**/now/waking")
    page.goto(moment)
    expect(page.locator("#outbox")).to_contain_text("Saved what was kept on this phone")
    (waking,) = _wakings(family)
    assert waking.signalled is False
    assert waking.resettled_by is ResettleMethod.HELD
    assert 1.0 <= (waking.end - waking.start).total_seconds() < 60
    with Session(family.engine) as s:
        (night,) = s.scalars(select(NightRow)).all()
        assert night.bedtime <= waking.start
    assert page.evaluate("localStorage.getItem('beside.outbox')") is None

    page.evaluate("kept => localStorage.setItem('beside.outbox', kept)", kept)
    page.goto(moment)
    expect(page.locator("#outbox")).to_contain_text("Saved what was kept on this phone")
    assert [w.id for w in _wakings(family)] == [waking.id]
    context.close()


def test_offline_the_app_still_opens_and_sends_the_waking_when_back_online(
    browser: Browser, family: Family
) -> None:
    """The installed app with no connection at all: the waking is kept, the page opens
    again from the service worker (an offline page with no one's records) still showing
    what it keeps, and coming back online sends it, stored once."""
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    _bedtime(page, family)
    manifest = page.evaluate(
        "fetch(document.querySelector('link[rel=manifest]').href).then(r => r.json())"
    )
    assert (manifest["start_url"], manifest["display"]) == ("/", "standalone")
    ready = """Promise.race([
        navigator.serviceWorker.ready.then(r => r.active !== null),
        new Promise(done => setTimeout(() => done(false), 10000)),
    ])"""
    assert page.evaluate(ready)

    context.set_offline(True)
    _awake_then_held(page)
    page.reload()
    expect(page.get_by_role("heading", name="No connection just now")).to_be_visible()
    expect(page.locator("#outbox")).to_contain_text("back to sleep: held")
    assert "Noor" not in page.content()
    assert _wakings(family) == []

    context.set_offline(False)  # the page hears "online" and sends what it kept
    expect(page.locator("#outbox")).to_contain_text("Saved what was kept on this phone")
    (waking,) = _wakings(family)
    assert waking.resettled_by is ResettleMethod.HELD
    assert page.evaluate("localStorage.getItem('beside.outbox')") is None
    context.close()
