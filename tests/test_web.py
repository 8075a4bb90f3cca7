"""`tm serve` in a real browser: Debian's Chromium through Playwright, a real `tm serve`
subprocess, a TM built with the real CLI (an imported TSV with a hostile pair, an aligned
document pair, `tm glossary`)."""

from __future__ import annotations

import http.client
import json
import re
import signal
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from web_helpers import AXE, CHROMIUM_ARGS, build_tm, chromium, served, tm

pytestmark = pytest.mark.web
pytest.importorskip("starlette", reason="the web extra is not installed: pip install 'tm[web]'")
playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed: pip install playwright")

TERM = "цифрлық дипломатия = цифровая дипломатия"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("web") / "tm.db"
    build_tm(path)
    return path


@pytest.fixture(scope="module")
def server(db: Path):
    with served(db, "--allow-edit") as (url, _):
        yield url


@pytest.fixture(scope="module")
def browser():
    executable = chromium()
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    dialogs: list[str] = []
    errors: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.dialogs = dialogs
    page.errors = errors
    yield page
    context.close()


def _get(url: str, host: str | None = None) -> tuple[int, str]:
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    conn.putrequest("GET", path, skip_host=host is not None)
    if host is not None:
        conn.putheader("Host", host)
    conn.endheaders()
    try:
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8")
    finally:
        conn.close()


def _card_titles(page) -> list[str]:
    return [re.sub(r"\s+", " ", t).strip() for t in page.locator(".card h3").all_inner_texts()]


def test_inflected_kazakh_query_typed_finds_the_entry_and_updates_the_url(page, server: str) -> None:
    page.goto(server + "/")
    page.keyboard.type("цифрлық дипломатияның")  # the search box has the focus
    page.wait_for_selector(".card h3")
    assert _card_titles(page)[0] == TERM
    assert "дипломатияның" in page.locator(".card .meta q").first.inner_text()
    page.wait_for_url(re.compile(r"\?q="))
    page.fill("#q", "")
    page.keyboard.type("дипломатия")
    page.wait_for_url(re.compile(r"\?q=%D0%B4"))
    page.go_back()  # htmx asks for the typed query's page again, whole
    page.wait_for_url(re.compile(r"\?q=%D1%86"))
    page.wait_for_selector(".card h3")
    assert page.locator("header.top").count() == 1 and page.locator("#q").count() == 1
    assert page.errors == []  # no script error, nothing the Content-Security-Policy blocked


def test_inflected_russian_query_by_url_marks_both_sides(page, server: str) -> None:
    page.goto(server + "/?q=" + quote("цифровой дипломатии"))
    assert _card_titles(page)[0] == TERM
    hits = page.locator("li.hit.kind-concordance")
    assert hits.count() >= 3
    both = [i for i in range(hits.count())
            if hits.nth(i).locator('p[lang="kk"] mark').count() and hits.nth(i).locator('p[lang="ru"] mark').count()]
    assert len(both) >= 3
    marked_kk = hits.nth(both[0]).locator('p[lang="kk"] mark').first.inner_text().lower()
    assert marked_kk.startswith("цифрлық дипломатия")  # the kk side's form, from the glossary


def test_result_page_works_without_javascript(browser, server: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + "/?q=" + quote("цифровой дипломатии"))
    assert _card_titles(page)[0] == TERM
    assert page.locator("li.hit").count() >= 3
    context.close()


def test_filters_and_pages(page, server: str) -> None:
    query = "/?q=" + quote("дипломатия")
    page.goto(server + query)
    page.get_by_role("checkbox", name="concordance").uncheck()  # the results follow the filter at once
    page.wait_for_url(re.compile(r"kind=fuzzy&kind=semantic"))
    assert page.locator("li.hit.kind-concordance").count() == 0
    page.goto(server + query + "&kind=semantic")
    assert page.locator("#results h2").all_inner_texts()[-1].startswith("Meaning-based")
    assert page.locator("li.hit").count() == page.locator("li.hit.kind-semantic").count() > 0
    page.goto(server + query + "&source=diplomacy.ru.txt")
    sources = page.locator("li.hit .sources").all_inner_texts()
    assert sources and all("diplomacy.ru.txt" in s for s in sources)
    page.goto(server + query + "&min=101")
    assert page.locator(".error").inner_text().startswith("minimum score 101 is outside")
    page.goto(server + query)
    assert page.locator("li.hit").count() == 10
    page.get_by_role("link", name="Next page").click()
    page.wait_for_url(re.compile(r"page=2"))
    assert page.get_by_role("link", name="Previous page").count() == 1


def test_hostile_pair_renders_as_text(page, server: str) -> None:
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(server + "/?q=" + quote("цифровая дипломатия"))
    page.wait_for_timeout(300)
    results = page.locator("#results")
    assert "<script>alert(1)</script>" in results.inner_text()
    assert "onerror=" in results.inner_text()
    assert results.locator("script, img, b").count() == 0
    assert page.title() != "pwned" and page.dialogs == []
    assert not any("/export/" in r for r in requests)  # the hx-get in the pair was not run


def test_pasted_sentence_underlines_terms_with_their_entry_on_focus(page, server: str) -> None:
    sentence = "Қазақстан Сыртқы істер министрлігі цифрлық дипломатияға көбірек көңіл бөледі."
    page.goto(server + "/?q=" + quote(sentence))
    terms = page.locator(".pasted .term")
    assert terms.count() >= 2
    first = terms.first
    tip = first.locator(".tip")
    assert not tip.is_visible()
    first.focus()
    assert tip.is_visible() and " = " in tip.inner_text()


def test_keyboard_only_search_entry_and_focus_ring(page, server: str) -> None:
    page.goto(server + "/")
    assert page.evaluate("document.activeElement.id") == "q"
    page.keyboard.type("цифровой дипломатии")
    page.keyboard.press("Enter")
    page.wait_for_selector(".card h3 a")
    for _ in range(40):  # tab to the first glossary card's link
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('.card') !== null"):
            break
    else:
        pytest.fail("the glossary card's link is not reachable with Tab")
    ring = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert ring != "none"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/term/\d+$"))
    assert page.locator("h1").inner_text() == TERM


def test_approve_with_the_token_is_what_the_cli_does(page, server: str, db: Path) -> None:
    page.goto(server + "/?q=" + quote("әлеуметтік желілерде"))
    page.locator(".card h3 a").first.click()
    entry = page.locator("h1").inner_text()
    page.get_by_role("button", name="Approve", exact=True).click()
    page.wait_for_load_state()
    assert page.locator(".meta .status").first.inner_text().lower() == "approved"
    kk, ru = entry.split(" = ")
    entries = json.loads(tm("glossary", "--db", db, "--format", "json").stdout)
    assert {(e["kk"], e["ru"]): e["status"] for e in entries}[(kk, ru)] == "approved"


def test_a_corrected_entry_replaces_the_old_one(page, server: str, db: Path) -> None:
    page.goto(server + "/?q=" + quote("сыртқы саясаттың"))
    page.locator(".card h3 a").first.click()
    old_kk, old_ru = page.locator("h1").inner_text().split(" = ")
    page.get_by_label("Russian").fill("внешняя политика государства")
    page.get_by_role("button", name="Save correction (approves it)").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == f"{old_kk} = внешняя политика государства"
    entries = json.loads(tm("glossary", "--db", db, "--format", "json").stdout)
    statuses = {(e["kk"], e["ru"]): e["status"] for e in entries}
    assert statuses[(old_kk, "внешняя политика государства")] == "approved"
    assert (old_kk, old_ru) not in statuses  # rejected: never exported


def test_review_without_the_token_is_refused(page, server: str, db: Path) -> None:
    before = tm("glossary", "--db", db, "--format", "json").stdout
    for form in ({"status": "rejected"}, {"status": "rejected", "csrf": "forged"}):
        response = page.request.post(server + "/term/1/review", form=form)
        assert response.status == 403
        assert "security token" in response.text()
    assert tm("glossary", "--db", db, "--format", "json").stdout == before


def test_foreign_host_header_is_refused(server: str) -> None:
    assert _get(server + "/?q=" + quote("дипломатия"), host="evil.example:80")[0] == 400
    assert _get(server + "/")[0] == 200


@pytest.mark.parametrize("path, status, message", [
    ("/?q=", 400, "empty query"),
    ("/?q=" + quote("ә" * 10_000), 400, "query too long (10000 characters"),
    ("/?q=" + quote("?! … — «»"), 400, "the query has no words"),
    ("/?q=x&source=nope.txt", 404, "no document or imported file named &#39;nope.txt&#39;"),
    ("/term/99999", 404, "no glossary entry 99999"),
    ("/docs", 404, "no page at /docs"),
    ("/openapi.json", 404, "no page at /openapi.json"),
])
def test_bad_input_gets_a_message_and_a_4xx(server: str, path: str, status: int, message: str) -> None:
    got, body = _get(server + path)
    assert got == status
    assert message in body and "Traceback" not in body


def test_headers_and_downloads(page, server: str) -> None:
    response = page.goto(server + "/")
    assert response.headers["content-security-policy"].startswith("default-src 'self'")
    for name, marker in (("tmx", "<tmx"), ("tbx", "<martif"), ("omegat", "цифрлық"), ("tsv", "kk\tru")):
        got = page.request.get(server + f"/export/{name}")
        assert got.status == 200 and marker in got.text(), name
        assert "attachment" in got.headers["content-disposition"]


def test_axe_finds_no_violations(browser, server: str) -> None:
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    pages = ["/", "/?q=" + quote("цифровой дипломатии"),
             "/?q=" + quote("Қазақстан цифрлық дипломатияның құралдарын белсенді пайдаланады."), "/term/1"]
    for path in pages:
        page.goto(server + path)
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate("async () => (await axe.run(document)).violations"
                                   ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))")
        assert violations == [], (path, violations)
    context.close()


def test_screenshot_for_the_readme(page, server: str, tmp_path: Path) -> None:
    page.goto(server + "/?q=" + quote("цифровой дипломатии"))
    path = tmp_path / "serve.png"
    page.screenshot(path=str(path))
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    fonts = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert fonts.startswith('"DejaVu Sans"')


def test_read_only_server_refuses_review_and_stops_on_ctrl_c(db: Path, page) -> None:
    with served(db) as (url, proc):
        page.goto(url + "/term/1")
        assert page.get_by_role("button", name="Approve", exact=True).count() == 0
        response = page.request.post(url + "/term/1/review", form={"status": "rejected"})
        assert response.status == 403 and "read-only" in response.text()
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=20) == 0


def test_serve_on_a_missing_or_foreign_database_exits_1_with_one_line(tmp_path: Path) -> None:
    foreign = tmp_path / "notes.txt"
    foreign.write_text("not a database", encoding="utf-8")
    for path, message in ((tmp_path / "none.db", "no translation memory here"), (foreign, "not a tm database")):
        result = tm("serve", "--db", path, "--port", "0", check=False, timeout=120)
        assert result.returncode == 1
        assert result.stderr.strip().count("\n") == 0 and message in result.stderr
