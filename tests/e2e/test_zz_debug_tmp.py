import time
import pytest

pytestmark = pytest.mark.browser


def test_dbg(page, app_url):
    msgs = []
    page.on(
        "response",
        lambda r: msgs.append(f"RESP {r.status} {r.url}") if r.status >= 400 else None,
    )
    page.on("framenavigated", lambda f: msgs.append("NAV " + f.url))
    page.goto(f"{app_url}/tabellen?datum=2022-02-07")
    seen = []
    for k in range(40):
        seen.append(page.get_by_role("dialog").count())
        time.sleep(0.1)
    print("".join(map(str, seen)))
    print("\n".join(msgs))
    assert 0
