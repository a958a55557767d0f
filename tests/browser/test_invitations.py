"""Invitations in Chromium (issue 12's browser scenario): the owner invites a second
parent, who makes an account from the link, joins with a tap and logs too; a coach invited
the same way reads the child's overview but cannot write; the owner removes the coach, who
loses access at once; the coach's note reaches the family's overview; the owner deletes the
household once its name is typed. The token travels in the link's fragment, which the server never
sees until Join posts it."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, BrowserContext, Page, expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from beside.journal.schema import EpisodeRow, UserRow
from tests.browser.conftest import Family, sign_in

PASSWORD = "another long night"


def _invite(owner: Page, email: str, role: str) -> str:
    owner.fill("#invite-email", email)
    owner.select_option("#invite-role", role)
    owner.click("text=Make an invitation link")
    expect(owner.locator(".saved")).to_contain_text(f"Invitation made for {email}.")
    link = owner.locator("output.link")
    expect(link).to_contain_text("/invitations/accept#")
    return link.text_content() or ""


def _join(browser: Browser, link: str, name: str, email: str) -> tuple[BrowserContext, Page]:
    """Open the link signed out, make an account from it, and join."""
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(link)
    page.get_by_role("link", name="Make an account").click()
    page.fill("#display_name", name)
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"^http://[^/]+/invitations/accept#"))
    page.wait_for_load_state()  # htmx in place: a tap before it would submit the plain form
    page.get_by_role("button", name="Join").click()
    page.wait_for_url(link.split("/invitations")[0] + "/")
    return context, page


def test_a_second_parent_and_a_coach_are_invited(browser: Browser, family: Family) -> None:
    owner_context = browser.new_context(viewport={"width": 360, "height": 740})
    owner = owner_context.new_page()
    sign_in(owner, family.base)
    owner.click("text=People and invitations")
    link = _invite(owner, "sam@example.org", "caregiver")
    assert link.startswith(family.base)

    sam_context, sam = _join(browser, link, "Sam", "sam@example.org")
    expect(sam.locator("section")).to_contain_text("caregiver")
    sam.click("text=Noor")
    sam.click("text=A little upset")
    sam.click("text=Calm, on their own")
    sam.wait_for_selector("text=Noor is calm")
    with Session(family.engine) as s:
        (episode,) = s.scalars(select(EpisodeRow)).all()
        assert s.get(UserRow, episode.created_by).display_name == "Sam"
    sam_context.close()

    link = _invite(owner, "cora@example.org", "coach")
    cora_context, cora = _join(browser, link, "Cora", "cora@example.org")
    cora.click("text=Your families, as their coach")
    expect(cora.locator("main")).to_contain_text("Noor: 1 upset, 0 nights")
    cora.fill("textarea[name=text]", "Lovely that Noor settled on her own.")
    cora.click("text=Save the note")
    expect(cora.locator("main")).to_contain_text("Cora, ")  # the page again, with the note
    cora.goto(family.base + "/")
    cora.click("text=How Noor has been")
    overview = cora.url
    expect(cora.locator("ul.glance")).to_contain_text("1 upset: 1 calmed on their own")
    assert cora.locator("text=Log now").count() == 0
    cora.goto(overview.removesuffix("/overview") + "/now")
    expect(cora.locator("#moment")).to_contain_text("not add to it")
    status = cora.evaluate(
        """async (path) => {
             const headers = JSON.parse(document.body.getAttribute("hx-headers"));
             headers["Content-Type"] = "application/json";
             const body = JSON.stringify({peak_distress: 5});
             const answer = await fetch(path, {method: "POST", headers, body});
             return [answer.status, (await answer.json()).error.code];
           }""",
        "/api/v1" + overview.split(family.base)[1].removesuffix("/overview") + "/episodes/now",
    )
    assert status == [403, "forbidden"]  # the role, not a missing CSRF token

    owner.reload()
    owner.click("text=Remove Cora")
    expect(owner.locator("#people")).not_to_contain_text("Cora")
    cora.goto(overview)
    expect(cora.locator("h1")).to_have_text("Not here")
    cora_context.close()

    owner.goto(overview)
    expect(owner.locator("#notes")).to_be_visible()
    assert "Lovely that Noor settled on her own." in (owner.locator("main").text_content() or "")
    owner.goto(f"{family.base}/households/{family.household_id}")
    owner.fill("#confirm", "Not our home")
    owner.click("text=Delete for good")
    expect(owner.locator("form[hx-delete] [role=alert]")).to_contain_text("confirm")
    owner.fill("#confirm", "Our home")
    with owner.expect_navigation(url=f"{family.base}/"):
        owner.click("text=Delete for good")
    expect(owner.locator("main")).to_contain_text("You are not in a household yet")
    owner_context.close()
