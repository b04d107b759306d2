"""Markdown, HTML and link syntax from a visitor, in a real browser: shown as text, never applied.

Each string goes through every query parameter of every page and into the name of every kind
of upload (text, tokenizer, corpus and results files), plus group names and tokenizer ids
inside an uploaded results file. After each, nothing of it may have become a link, an image,
bold, italic or coloured text, a formula or an icon, in the page or in a plotly chart, and
where the page shows the string it shows it literally. Markdown rendering is Streamlit's own
(the unit tests in tests/text/test_markup.py check the escaping against a CommonMark parser).
The visible text holds invisible word joiners (U+2060) where Streamlit would otherwise rewrite
it after parsing; they are removed before comparing.
"""

from __future__ import annotations

import io
import json
import urllib.parse

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from playwright.sync_api import Page, expect

import tokenlab
from tests.e2e.browser import WAIT_MS, forgive_subpath_probes, settle
from tests.e2e.test_bad_input import PNG, upload
from tests.e2e.test_segmentation_page import open_app, panels
from tokenlab.engine.results_run import profile_to_directory
from tokenlab.engine.store import MEMORY, Store
from tokenlab.text.markup import WORD_JOINER
from tokenlab.vocab.bpe import train_bpe
from tokenlab.vocab.corpus import udhr_documents

LINK = "[Download](https://evil.example/x) ![p](http://127.0.0.1:9/pixel.png) <b>x</b> *em* :red[r] $x^2$"
ICONS = "**y** _z_ ~~s~~ :material/home: :streamlit: :smile: www.evil.example mail@evil.example -> `c`"
HTML = "<a href='https://evil.example/h'>h</a><img src='http://127.0.0.1:9/pixel.png?h'> &lt;i&gt;"
PAYLOAD = f"{LINK} {ICONS} {HTML}"
#: For file names: tokenlab keeps only what follows a name's last "/" (a path is only a label).
NAME = PAYLOAD.replace("/", "")
#: What nothing of a payload may become, counted over the whole document (plotly's SVG included).
MARKUP_CHECK = """() => {
    const href = a => a.getAttribute('href') || a.getAttributeNS('http://www.w3.org/1999/xlink', 'href') || '';
    const marked = e => ['x', 'em', 'y', 'z', 's', 'c', 'h', 'r'].includes(e.textContent.trim());
    const main = document.querySelector('[data-testid="stMain"]');
    const chartText = [...document.querySelectorAll('.js-plotly-plot tspan')]
        .filter(t => /bold|italic/.test(t.getAttribute('style') || ''));
    return {
        links: [...document.querySelectorAll('a')].filter(a => /evil|pixel/.test(href(a))).length,
        images: [...document.querySelectorAll('img')]
            .filter(i => /pixel/.test(i.src) || i.alt === 'Streamlit logo').length,
        styled: [...main.querySelectorAll('b, strong, em, i, del, s, code')].filter(marked).length,
        coloured: main.querySelectorAll('.stMarkdownColoredText, .stMarkdownColoredBackground').length,
        formulas: main.querySelectorAll('.katex').length,
        icons: main.querySelectorAll('[aria-label="home icon"]').length,
        styled_in_charts: chartText.filter(marked).length,
        emoji: main.innerText.includes('😄'),
    };
}"""
NOTHING = {
    "links": 0,
    "images": 0,
    "styled": 0,
    "coloured": 0,
    "formulas": 0,
    "icons": 0,
    "styled_in_charts": 0,
    "emoji": False,
}
#: Page path -> (query parameter -> whether the page shows its value, light values for the rest).
PAGES = {
    "": (
        {"tok": True, "view": False, "ws": False, "special": False, "text": True},
        {"tok": "gpt2", "text": "Hi"},
    ),
    "tokenizers": ({"x": False}, {}),
    "vocab-scaling": (
        {
            "size": False,
            "nnv": True,
            "total": True,
            "v": False,
            "d": True,
            "tied": False,
            "budget": False,
            "amount": True,
        },
        {},
    ),
    "vocab-lab": ({"x": False}, {}),
    "languages": (
        {"tok": False, "metric": False, "set": False, "scripts": False, "ref": False, "ab": False},
        {"tok": "gpt2"},
    ),
    "corpus-efficiency": (
        {"tok": False, "domains": False, "langs": False, "budget": False},
        {"tok": "gpt2", "domains": "math", "langs": ""},
    ),
    "decode-chat": ({"x": False}, {}),
}
#: Values that make a parameter's text reach the page (a total only counts in total mode, ...).
CONTEXT = {"total": {"size": "total", "d": "4096"}, "amount": {"budget": "flops"}}
#: Per page, every parameter at once, except those that need a context of their own (one case each):
#: one page load per case, where the AppTest tests (tests/app/test_hostile_links.py) take them one by one.
CASES = [
    (path, names)
    for path, (params, _) in PAGES.items()
    for names in (tuple(n for n in params if n not in CONTEXT), *((n,) for n in params if n in CONTEXT))
    if names
]

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]


@pytest.fixture(scope="module", autouse=True)
def app_has_run_once(browser, app_url: str) -> None:
    """Open the main page once first: until app.py has run on a fresh server, it knows no other
    page, and a link to one opens the main page instead (with a console error)."""
    context = browser.new_context()
    try:
        context.new_page().goto(f"{app_url}/?tok=gpt2&text=Hi")
        expect(context.pages[0].locator(".tl-seg")).to_have_count(1, timeout=WAIT_MS)
    finally:
        context.close()


def assert_nothing_applied(page: Page) -> None:
    settle(page, WAIT_MS)
    assert page.evaluate(MARKUP_CHECK) == NOTHING


def expect_message(page: Page, kind: str, part: str) -> None:
    expect(page.get_by_test_id(kind).filter(has_text=part).first).to_be_visible(timeout=WAIT_MS)


def visible_text(page: Page) -> str:
    return page.get_by_test_id("stMain").inner_text().replace(WORD_JOINER, "")


def open_page(page: Page, app_url: str, path: str, query: dict[str, str]) -> None:
    if not path:  # the Segmentation page: wait for its token panels
        open_app(page, f"{app_url}/?{urllib.parse.urlencode(query)}")
        return
    page.goto(f"{app_url}/{path}?{urllib.parse.urlencode(query)}")
    expect(page.get_by_test_id("stMain").locator("h1")).to_have_count(1, timeout=WAIT_MS)
    settle(page, WAIT_MS)
    forgive_subpath_probes(page, app_url, path)


@pytest.mark.parametrize(("path", "names"), CASES, ids=[f"{path or 'home'}-{'+'.join(names)}" for path, names in CASES])
def test_query_parameters_show_as_text(page: Page, app_url: str, path: str, names: tuple[str, ...]) -> None:
    params, light = PAGES[path]
    query = light | {key: value for name in names for key, value in CONTEXT.get(name, {}).items()}
    query |= dict.fromkeys(names, PAYLOAD)
    if path == "" and "tok" in names:  # one bundled tokenizer beside it, else the page loads four defaults
        query["tok"] = f"gpt2,{PAYLOAD}"
    open_page(page, app_url, path, query)
    assert_nothing_applied(page)
    if "text" in names and path == "":  # the text itself: segmented, in its token spans
        assert panels(page)[0]["text"] == PAYLOAD
    if any(params[name] for name in names):
        assert PAYLOAD in visible_text(page)


def test_upload_names_show_as_text_on_the_segmentation_page(page: Page, app_url: str) -> None:
    open_app(page, f"{app_url}/?tok=gpt2&text=Hi")
    page.get_by_text("Add your own tokenizer").click()
    upload(page, "upload", f"{NAME}.txt", PNG)  # refused: the message names the file
    expect_message(page, "stAlertContentWarning", "looks like a binary file")
    assert_nothing_applied(page)
    assert f"{NAME}.txt" in visible_text(page)
    upload(page, "tokenizer_file", f"{NAME}.json", b"{broken")
    expect_message(page, "stAlertContentError", "is not JSON")
    assert_nothing_applied(page)
    assert f"{NAME}.json" in visible_text(page)


def test_a_tokenizer_file_named_with_markup_is_compared_under_its_literal_name(page: Page, app_url: str) -> None:
    """A working tokenizer whose file name is the payload: its panel header and both charts."""
    data = train_bpe(udhr_documents(["eng"]), 400).to_str().encode()
    open_app(page, f"{app_url}/?tok=gpt2&text=Hello%20world")
    page.get_by_text("Add your own tokenizer").click()
    name = f"{NAME}.json"
    upload(page, "tokenizer_file", name, data)
    expect(page.locator(".tl-seg")).to_have_count(2, timeout=WAIT_MS)
    expect(page.locator(".js-plotly-plot")).to_have_count(2, timeout=WAIT_MS)
    assert_nothing_applied(page)
    assert any(panel["header"].replace(WORD_JOINER, "").startswith(name) for panel in panels(page))
    ticks = page.locator(".js-plotly-plot .ytick text").all_text_contents()  # its display name, literally
    label = tokenlab.load_tokenizer_bytes(data, name).info.label
    assert f"{label} (your file, byte-level BPE, 400 tokens)" in ticks, ticks


def test_lab_text_upload_name_shows_as_text(page: Page, app_url: str) -> None:
    open_page(page, app_url, "vocab-lab", {})
    page.get_by_role("radio", name="Trim", exact=True).click()
    page.locator(".st-key-trim_source").get_by_text("My text").click()
    upload(page, "trim_upload", f"{NAME}.txt", PNG)
    expect_message(page, "stAlertContentError", "binary")
    assert_nothing_applied(page)
    assert f"{NAME}.txt" in visible_text(page)


def results_file(tmp_path) -> bytes:
    """A real counts file whose group names and tokenizer id are markup."""
    corpus = tmp_path / "shard.jsonl"
    corpus.write_text("".join(json.dumps({"text": t}) + "\n" for t in udhr_documents(["eng"])[:3]), encoding="utf-8")
    out = tmp_path / "out"
    profile_to_directory(str(corpus), ["gpt2"], out, text_column="text", baselines=False, store=Store(MEMORY))
    (counts,) = (out / "counts" / "gpt2").glob("*.parquet")
    table = pq.read_table(counts)
    for column, value in (("group_name", HTML), ("tokenizer_id", "<b>x</b>")):
        values = pa.array([value] * table.num_rows, pa.string())
        table = table.set_column(table.schema.get_field_index(column), column, values)
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    return buffer.getvalue()


def test_corpus_and_results_uploads_show_names_groups_and_ids_as_text(page: Page, app_url: str, tmp_path) -> None:
    open_page(page, app_url, "corpus-efficiency", {"tok": "gpt2", "domains": "math", "langs": ""})
    page.get_by_text("Add your own corpus").click()
    text = "\n\n".join(udhr_documents(["eng"])[:3]).encode()
    upload(page, "eff_upload", f"{NAME}.txt", text)  # counted: its name labels a bar
    ticks = page.locator(".js-plotly-plot .xtick text")
    expect(ticks.filter(has_text="your file").first).to_be_attached(timeout=WAIT_MS)
    assert_nothing_applied(page)
    assert any(tick.startswith(f"your file ({NAME}.txt): ") for tick in ticks.all_text_contents())
    upload(page, "eff_upload", f"{NAME}.csv", PNG)  # refused: the message names the file
    expect_message(page, "stAlertContentError", "binary")
    assert_nothing_applied(page)
    assert f"{NAME}.csv" in visible_text(page)

    page.get_by_text("Open results of a large run").click()
    upload(page, "eff_results", f"{NAME}.parquet", results_file(tmp_path))
    expect(ticks.filter(has_text="results:").first).to_be_attached(timeout=WAIT_MS)
    assert_nothing_applied(page)
    assert f"results: {HTML}" in ticks.all_text_contents()
    assert "<b>x</b>" in page.locator(".js-plotly-plot .legendtext").all_text_contents()
    upload(page, "eff_results", f"{NAME}.parquet", b"PAR1 damaged")
    expect_message(page, "stAlertContentError", "not a Parquet file")
    assert_nothing_applied(page)
    assert f"{NAME}.parquet" in visible_text(page)
