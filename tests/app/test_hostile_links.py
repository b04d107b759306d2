"""Links and uploads from a hostile visitor, under AppTest: every page runs, and what it shows of them
is escaped markdown (tests/e2e/test_markdown_injection.py shows the same in a real browser).

AppTest exposes the markdown source of each element, so these tests check the source: the
visitor's string appears only as `markdown_text` made it, never raw.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import PARQUET
from tokenlab.text.markup import markdown_text

OpenPage = Callable[..., AppTest]
INJECTION = "[Download](https://evil.example/x) ![p](http://127.0.0.1:9/pixel.png) <b>x</b> *em* :red[r] $x^2$"
#: Every query parameter each page reads; the light values keep the other inputs cheap to compute.
PAGES = {
    "pages/segment.py": (["tok", "view", "ws", "special", "text"], {"tok": "gpt2", "text": "Hi"}),
    "pages/tokenizers.py": ([], {}),
    "pages/vocab_scaling.py": (["size", "nnv", "total", "v", "d", "tied", "budget", "amount"], {}),
    "pages/vocab_lab.py": ([], {}),
    "pages/languages.py": (["tok", "metric", "set", "scripts", "ref", "ab"], {"tok": "gpt2"}),
    "pages/corpus_efficiency.py": (["tok", "domains", "langs", "budget"], {"tok": "gpt2", "domains": "", "langs": ""}),
    "pages/decode_chat.py": ([], {}),
}
CASES = [(page, name) for page, (names, _) in PAGES.items() for name in [*names, "every"]]


def shown_markdown(at: AppTest) -> list[str]:
    """The markdown source of every element that renders markdown."""
    kinds = ("markdown", "caption", "warning", "error", "info", "success", "title", "header", "subheader")
    return [element.value for kind in kinds for element in at.get(kind)]


@pytest.mark.parametrize(("page", "parameter"), CASES, ids=[f"{p.split('/')[1][:-3]}-{n}" for p, n in CASES])
def test_markup_in_any_query_parameter_is_shown_escaped(open_page: OpenPage, page: str, parameter: str) -> None:
    names, light = PAGES[page]
    query = light | dict.fromkeys(names if parameter == "every" else [parameter], INJECTION)
    at = open_page(page, **query)
    shown = shown_markdown(at)
    assert not [source for source in shown if "](" in source or "<b>" in source or ":red[" in source]


def test_an_unknown_tokenizer_in_a_link_is_named_as_text(open_page: OpenPage) -> None:
    at = open_page("pages/segment.py", tok=f"gpt2,{INJECTION}", text="Hi")
    assert [w.value for w in at.warning] == [
        f"The link named tokenizers tokenlab does not bundle: {markdown_text(INJECTION)}."
    ]


def test_markup_typed_as_a_model_size_comes_back_as_text(open_page: OpenPage) -> None:
    at = open_page("pages/vocab_scaling.py", nnv=INJECTION)
    assert [e.value for e in at.error] == [
        markdown_text(f"Non-vocabulary parameters: {INJECTION!r} is not a number; enter e.g. 7e9 or 7B.")
    ]


def parquet_with(data: bytes, column: str, value: object) -> bytes:
    table = pq.read_table(io.BytesIO(data))
    field = table.schema.field(column)
    column_values = pa.array([value] * len(table), field.type)
    buffer = io.BytesIO()
    pq.write_table(table.set_column(table.schema.get_field_index(column), field, column_values), buffer)
    return buffer.getvalue()


def test_results_without_tokens_or_damaged_keep_the_page_working(
    open_page: OpenPage,
    results_files: list[tuple[str, bytes, str]],
) -> None:
    """Both once left Corpus efficiency blank: a zero-token results file (a division by zero in what
    a budget buys) and a file cut in half. Now: the zero-token results show with empty budget rows;
    the damaged file gets one line naming it, and the bundled domain stays."""
    counts = next(data for _, data, _ in results_files if b"doc_id" in data)
    at = open_page("pages/corpus_efficiency.py", tok="o200k_base", domains="math", langs="")
    zero = parquet_with(counts, "tokens", 0)
    at.file_uploader(key="eff_results").set_value([("zero.parquet", zero, PARQUET)]).run()
    assert not at.exception and not at.error
    assert {"math", "results: eng"} <= set(at.dataframe[0].value["domain"])
    at.file_uploader(key="eff_results").set_value([(INJECTION + ".parquet", counts[:2000], PARQUET)]).run()
    assert not at.exception
    (error,) = at.error
    assert error.value.startswith(markdown_text(f"{INJECTION}.parquet is not a Parquet file tokenlab can read"))
    assert set(at.dataframe[0].value["domain"]) == {"math"}
