"""One line per page for the confidentiality rule: what a user must see, and what must stay hidden."""

import re


def _appears(text: str, html: str) -> bool:
    # TD-2026-0001 must not be found inside TD-2026-00010.
    return re.search(re.escape(text) + r"(?!\d)", html) is not None


def assert_shows_only(client, user, url: str, *, shown: list[str], hidden: list[str]) -> str:
    """`user` opens `url`: every text of `shown` is on the page and none of `hidden` is."""
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    html = response.content.decode()
    assert [text for text in shown if not _appears(text, html)] == [], f"missing on {url}"
    assert [text for text in hidden if _appears(text, html)] == [], f"leaked on {url}"
    return html
