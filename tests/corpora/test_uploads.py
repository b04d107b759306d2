"""Uploaded corpora: every format, every way a file can be unusable, and property tests."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

import tokenlab
from tokenlab import settings
from tokenlab.corpora import CorpusError, read_table, read_upload, text_columns


def _parquet(frame: pl.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.write_parquet(buffer)
    return buffer.getvalue()


def test_a_long_paragraph_is_cut_at_line_breaks_then_spaces() -> None:
    lines = "\n".join(["word " * 1999 + "end"] * 3)  # three lines of 9,998 characters
    texts = read_upload(lines.encode(), "long.txt").texts
    assert [len(t) for t in texts] == [19_998, 9_998] and "".join(texts) == lines
    one_line = ("word " * 9000).encode()  # 45,000 characters, no line break
    assert [len(t) for t in read_upload(one_line, "line.txt").texts] == [20_000, 20_000, 5_000]


def test_txt_gives_one_document_per_paragraph() -> None:
    corpus = read_upload(b"First paragraph.\nStill first.\n\n  \nSecond.\n", "notes.txt")
    assert corpus.documents.rows() == [("notes", "0", "First paragraph.\nStill first."), ("notes", "1", "Second.\n")]


def test_csv_picks_the_column_with_most_text_and_numbers_rows_per_group() -> None:
    data = b"id,lang,body\n1,en,Hello world\n2,fr,Bonjour le monde\n3,en,Goodbye\n"
    corpus = read_upload(data, "pairs.csv", group_column="lang")
    assert corpus.documents.rows() == [
        ("en", "0", "Hello world"),
        ("fr", "0", "Bonjour le monde"),
        ("en", "1", "Goodbye"),
    ]
    assert text_columns(read_table(data, "pairs.csv")) == ["body", "lang"]


def test_jsonl_and_parquet_read_the_chosen_column() -> None:
    rows = [{"text": "a b c", "meta": {"k": 1}, "tags": ["x"]}, {"text": "d e", "meta": {"k": 2}, "tags": []}]
    jsonl = "\n".join(json.dumps(row) for row in rows).encode()
    assert read_upload(jsonl, "data.jsonl", text_column="text").texts == ["a b c", "d e"]
    parquet = _parquet(pl.DataFrame({"n": [1, 2], "text": ["x y", "z"]}))
    assert read_upload(parquet, "data.parquet").texts == ["x y", "z"]


@pytest.mark.parametrize(
    ("data", "filename", "options", "message"),
    [
        (b"", "empty.csv", {}, "empty.csv is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image.txt", {}, "looks like a binary file"),
        ("café".encode("latin-1"), "latin1.txt", {}, "is not UTF-8 text"),
        ("text\ncafé\n".encode("cp1252"), "table.csv", {}, "is not UTF-8 text"),
        (
            b"n,m\n1,2\n3,4\n",
            "numbers.csv",
            {},
            "numbers.csv has no text column; its columns are 'n' (Int64), 'm' (Int64)",
        ),
        (b"title,body\na,b\n", "t.csv", {"text_column": "content"}, "t.csv has no column 'content'; pick one of"),
        (b'{"tags": ["a", "b"], "t": "x"}\n', "n.jsonl", {"text_column": "tags"}, "holds lists or records, not text"),
        (b"text,lang\nhi,en\n", "g.csv", {"group_column": "language"}, "no column 'language' to group by"),
        (b"text\n\n \n", "blank.csv", {}, "Every value of column 'text'"),
        (b"   \n\n", "blank.txt", {}, "holds only whitespace"),
        (b"text\n", "header-only.csv", {}, "has no rows"),
        (b"PAR1 not really parquet", "bad.parquet", {}, "could not be read as a Parquet file"),
        (b"{not json", "bad.jsonl", {}, "could not be read as a JSON Lines file"),
        (b"<doc/>", "corpus.xml", {}, "tokenlab reads .txt, .csv, .jsonl, .ndjson, .parquet files"),
    ],
)
def test_unusable_uploads_are_rejected_with_a_clear_message(
    data: bytes, filename: str, options: dict[str, str], message: str
) -> None:
    with pytest.raises(tokenlab.TokenlabError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_upload(data, filename, **options)


def test_upload_over_the_size_limit_is_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "MAX_UPLOAD_BYTES", 1_000_000)
    with pytest.raises(CorpusError, match=re.escape("big.txt is 2.0 MB; corpus files up to 1 MB are accepted")):
        read_upload(b"a" * 2_000_000, "big.txt")


def test_corpus_over_the_character_limit_is_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "MAX_CORPUS_CHARS", 10)
    with pytest.raises(CorpusError, match="holds 11 characters; a corpus may hold up to 10"):
        read_upload(b"text\nhello world\n", "long.csv")


@hypothesis_settings(max_examples=150, deadline=None)
@given(data=st.binary(max_size=300), suffix=st.sampled_from([".txt", ".csv", ".jsonl", ".parquet"]))
def test_any_bytes_give_a_corpus_or_a_tokenlab_error(data: bytes, suffix: str) -> None:
    try:
        corpus = read_upload(data, "upload" + suffix)
    except tokenlab.TokenlabError as error:
        assert str(error)
    else:
        assert corpus.documents.height > 0 and all(text.strip() for text in corpus.texts)


# NUL marks a binary file and is refused (test below); \r is CSV's own line ending.
_cells = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\r\x00"), max_size=40)


@hypothesis_settings(max_examples=60, deadline=None)
@given(texts=st.lists(_cells, min_size=1, max_size=8), suffix=st.sampled_from([".csv", ".jsonl", ".parquet"]))
def test_table_uploads_keep_every_non_blank_text_exactly(texts: list[str], suffix: str) -> None:
    frame = pl.DataFrame({"text": texts, "group": [f"g{i % 2}" for i in range(len(texts))]})
    buffer = io.BytesIO()
    {".csv": frame.write_csv, ".jsonl": frame.write_ndjson, ".parquet": frame.write_parquet}[suffix](buffer)
    # Blank means Unicode White_Space only (Python's isspace also counts the separators \x1c-\x1f).
    kept = [
        text
        for text in texts
        if text.strip(
            " \t\n\x0b\x0c\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
            "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
        )
    ]
    if not kept:  # only then may the table be refused, and with this message
        message = f"Every value of column 'text' in t{suffix} is empty. Pick the column that holds the text."
        with pytest.raises(CorpusError, match=f"^{re.escape(message)}$"):
            read_upload(buffer.getvalue(), "t" + suffix, text_column="text", group_column="group")
        return
    corpus = read_upload(buffer.getvalue(), "t" + suffix, text_column="text", group_column="group")
    assert corpus.texts == kept


def test_numeric_looking_text_in_a_named_csv_text_column_stays_as_written() -> None:
    corpus = read_upload(b"text,group\n007,a\n2024-01-01,b\n", "codes.csv", text_column="text", group_column="group")
    assert corpus.texts == ["007", "2024-01-01"]


def test_a_table_with_nul_bytes_is_refused_as_binary() -> None:
    with pytest.raises(tokenlab.InvalidTextError, match="looks like a binary file"):
        read_upload(b"text\nab\x00c\n", "t.csv", text_column="text")


def _dictionary_bomb(rows: int, value_chars: int) -> bytes:
    """A Parquet file whose text column is one dictionary entry repeated `rows` times."""
    column = pa.DictionaryArray.from_arrays(pa.array([0] * rows, type=pa.int32()), pa.array(["x" * value_chars]))
    buffer = io.BytesIO()
    pq.write_table(pa.table({"text": column}), buffer, compression="zstd")
    return buffer.getvalue()


def test_a_parquet_dictionary_bomb_is_refused_before_it_is_decoded() -> None:
    bomb = _dictionary_bomb(100_000, 20_000)  # 2 billion characters of text
    assert len(bomb) < 400_000
    script = (  # VmHWM, not ru_maxrss: Linux keeps the parent's peak in ru_maxrss across exec
        "import sys, tokenlab\n"
        "try:\n"
        "    tokenlab.read_upload(sys.stdin.buffer.read(), 'bomb.parquet')\n"
        "except tokenlab.CorpusError as error:\n"
        "    print(error)\n"
        "peak = [line for line in open('/proc/self/status') if line.startswith('VmHWM')][0]\n"
        "print(int(peak.split()[1]) // 1024)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], input=bomb, capture_output=True, check=True, timeout=180)
    message, peak_mb = done.stdout.decode().splitlines()
    assert message == (
        "bomb.parquet decodes to more than 128 MB of text; an upload may hold up to that. Upload a sample of it."
    )
    assert int(peak_mb) < 600  # 2 GB had it been decoded; imports alone are about 250 MB


def test_rows_over_the_limit_are_refused_from_the_metadata_or_the_line_count(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "MAX_UPLOAD_ROWS", 3)
    message = (
        "{} has 4 rows; an upload may have up to 3. Upload a sample, or count the whole file with "
        "`tokenlab profile --corpus FILE` on your machine."
    )
    frame = pl.DataFrame({"text": ["a", "b", "c", "d"]})
    with pytest.raises(CorpusError) as refused:
        read_upload(_parquet(frame), "rows.parquet")
    assert str(refused.value) == message.format("rows.parquet")
    with pytest.raises(CorpusError) as refused:
        read_upload(b"text\na\nb\nc\nd", "rows.csv")
    assert str(refused.value) == message.format("rows.csv")
    with pytest.raises(CorpusError) as refused:
        read_upload(b'{"text": "a"}\n' * 4, "rows.jsonl")
    assert str(refused.value) == message.format("rows.jsonl")
    assert read_upload(b"text\na\nb\nc\n", "rows.csv").texts == ["a", "b", "c"]


def test_a_huge_cell_is_cut_into_paragraph_sized_documents_of_the_same_row() -> None:
    cell = ("word " * 9000 + "\n") * 443  # 19.9 million characters in one cell
    data = _parquet(pl.DataFrame({"text": [cell, "short"], "lang": ["en", "en"]}))
    corpus = read_upload(data, "cell.parquet", "text", "lang")
    documents = corpus.documents
    assert documents.height == 1 + documents.filter(pl.col("part") == "0").height
    assert documents.filter(pl.col("part") == "0").get_column("text").str.len_chars().max() == 20_000
    assert "".join(documents.filter(pl.col("part") == "0").get_column("text")) == cell
    assert documents.row(-1) == ("en", "1", "short")


def test_nested_columns_are_named_in_messages_without_being_read() -> None:
    data = _parquet(pl.DataFrame({"tags": [["x", "y"]], "body": ["hello"]}))
    assert read_table(data, "nested.parquet").columns == ["tags", "body"]
    with pytest.raises(CorpusError) as refused:
        read_upload(data, "nested.parquet", "tags")
    assert (
        str(refused.value) == "Column 'tags' of nested.parquet holds lists or records, not text; pick one of: 'body'."
    )
