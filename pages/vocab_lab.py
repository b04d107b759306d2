"""Vocabulary lab: browse a vocabulary, compare several, trim one to a corpus, sweep V on your text."""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable

import polars as pl
import streamlit as st

import tokenlab
from tokenlab.charts.vocab import (
    coverage_chart,
    jaccard_heatmap,
    length_histogram_chart,
    split_chart,
    sweep_chart,
    upset_chart,
)
from tokenlab.scaling.cost import DTYPE_BYTES
from tokenlab.text.markup import markdown_text
from tokenlab.text.render import segmentation_html
from tokenlab.text.share import TEXT_KEY_PARAM, is_text_key
from tokenlab.text.user_text import clip_text, decode_text_upload
from tokenlab.vocab.browser import MAX_PATTERN_CHARS, length_counts, longest_entries, search_vocab
from tokenlab.vocab.corpus import bounded, split_held_out, text_documents, udhr_documents, udhr_languages
from tokenlab.vocab.numbers import NumberChunking, number_chunking
from tokenlab.vocab.overlap import PairOverlap, entry_set, intersections, jaccard_matrix, pair_overlap, unique_entries
from tokenlab.vocab.scripts import split_by, visible, vocab_table
from tokenlab.vocab.sweep import (
    MAX_SAMPLE_CHARS,
    SWEEP_SIZES,
    SweepResult,
    corpus_chars_per_token,
    short_of_size,
    sweep,
    sweep_table,
)
from tokenlab.vocab.trim import COVERAGE_TARGETS, TrimStudy, memory_saved, trim_study
from ui.hub import hub_adder, tokenizer_options
from ui.jobs import heavy_job
from ui.links import UPLOADS, copy_link, linked_text, text_from_link
from ui.state import cached_tokenizer

SECTIONS = {"browse": "Browse", "overlap": "Overlap", "trim": "Trim", "sweep": "Size sweep"}
MAX_OVERLAP = 5
MAX_USER_CHARS = MAX_SAMPLE_CHARS
SHOWN_COLUMNS = ["id", "token", "n_bytes", "n_chars", "class", "script"]
TARGET_LABELS = {target: f"{target:.1%}".replace(".0%", "%") for target in COVERAGE_TARGETS}
SWEEP_CACHE_ENTRIES = 3
SAMPLE_CHOICES = [100_000, 250_000, 500_000, 1_000_000, 2_000_000, 5_000_000]
MIN_LIMIT_S, MAX_LIMIT_S = 5, 300
#: The tokenizer picker of each section, where a Hub tokenizer added there is selected.
PICKERS = {
    "browse": "browse_tokenizer",
    "overlap": "overlap_tokenizers",
    "trim": "trim_tokenizer",
    "sweep": "sweep_compare",
}

names = tokenizer_options(*PICKERS.values())
tokenizer_ids = list(names)

UDHR_SOURCE = "UDHR (bundled)"
#: A corpus's source in a link: a short word for each choice.
SOURCES = {"udhr": UDHR_SOURCE, "text": "My text"}
#: The sections with a corpus picker (and so a pasted text a link may carry).
CORPUS_SECTIONS = ("trim", "sweep")

#: The inputs a link carries, with their defaults: the open section and its choices (a pasted
#: text travels as text_params says; an uploaded file cannot travel in a link, and the size
#: sweep's results live on the server).
LINK_DEFAULTS: dict[str, object] = {
    "lab_section": "browse",
    "browse_tokenizer": "o200k_base",
    "browse_query": "",
    "browse_mode": "substring",
    "overlap_tokenizers": ["cl100k_base", "llama3", "o200k_base"],
    "trim_tokenizer": "gemma3",
    "trim_d": 4096,
    "trim_dtype": "bfloat16",
    "trim_tied": False,
    "trim_target": 0.999,
    "trim_source": UDHR_SOURCE,
    "trim_languages": ["eng"],
    "trim_text": "",
    "sweep_source": UDHR_SOURCE,
    "sweep_languages": list(udhr_languages()),
    "sweep_text": "",
    "sweep_sample": 1_000_000,
    "sweep_sizes": list(SWEEP_SIZES[:5]),
    "sweep_superword": True,
    "sweep_transition": SWEEP_SIZES[2],
    "sweep_limit": 60,
    "sweep_compare": ["gpt2", "llama3", "o200k_base", "gemma3"],
}
#: Per section, widget key -> query parameter.
SECTION_PARAMS = {
    "browse": {"browse_tokenizer": "tok", "browse_query": "q", "browse_mode": "match"},
    "overlap": {"overlap_tokenizers": "tok"},
    "trim": {
        "trim_tokenizer": "tok",
        "trim_d": "d",
        "trim_dtype": "dtype",
        "trim_tied": "tied",
        "trim_target": "keep",
        "trim_source": "on",
        "trim_languages": "langs",
        "trim_text": "text",
    },
    "sweep": {
        "sweep_source": "on",
        "sweep_languages": "langs",
        "sweep_text": "text",
        "sweep_sample": "sample",
        "sweep_sizes": "sizes",
        "sweep_superword": "superword",
        "sweep_transition": "t",
        "sweep_limit": "limit",
        "sweep_compare": "tok",
    },
}


def from_link(key: str, text: str) -> object:
    """A widget value from its query parameter; the default when the link's value is not one."""
    default = LINK_DEFAULTS[key]
    valid: dict[str, Callable[[str], object]] = {
        "lab_section": lambda t: t if t in SECTIONS else None,
        "browse_tokenizer": lambda t: t if t in names else None,
        "trim_tokenizer": lambda t: t if t in names else None,
        "browse_query": lambda t: t[:MAX_PATTERN_CHARS],
        "browse_mode": lambda t: t if t in ("substring", "regex") else None,
        "overlap_tokenizers": lambda t: [i for i in dict.fromkeys(t.split(",")) if i in names][:MAX_OVERLAP] or None,
        "trim_d": lambda t: int(t) if t.isdigit() and int(t) >= 1 else None,
        "trim_dtype": lambda t: t if t in DTYPE_BYTES else None,
        "trim_tied": lambda t: t == "1",
        "trim_target": lambda t: next((target for target in COVERAGE_TARGETS if str(target) == t), None),
        **{f"{prefix}_source": SOURCES.get for prefix in CORPUS_SECTIONS},
        **{
            f"{prefix}_languages": lambda t: [c for c in dict.fromkeys(t.split(",")) if c in udhr_languages()] or None
            for prefix in CORPUS_SECTIONS
        },
        **{f"{prefix}_text": lambda t: t for prefix in CORPUS_SECTIONS},
        "sweep_sample": lambda t: int(t) if t.isdigit() and int(t) in SAMPLE_CHOICES else None,
        "sweep_sizes": lambda t: (
            [int(v) for v in dict.fromkeys(t.split(",")) if v.isdigit() and int(v) in SWEEP_SIZES] or None
        ),
        "sweep_superword": lambda t: t == "1",
        "sweep_transition": lambda t: int(t) if t.isdigit() and int(t) in SWEEP_SIZES[:-1] else None,
        "sweep_limit": lambda t: int(t) if t.isdigit() and MIN_LIMIT_S <= int(t) <= MAX_LIMIT_S else None,
        "sweep_compare": lambda t: [i for i in dict.fromkeys(t.split(",")) if i in names] or None,
    }
    value = valid[key](text)
    return default if value is None else value


def start_from_link() -> None:
    """On a session's first run, take the open section and its inputs from the URL, else the defaults."""
    params = st.query_params.to_dict()
    section = str(from_link("lab_section", params.get("section", "browse")))
    state = dict(LINK_DEFAULTS, lab_section=section)
    state |= {key: from_link(key, params[name]) for key, name in SECTION_PARAMS[section].items() if name in params}
    if section in CORPUS_SECTIONS and "text" not in params and is_text_key(key := params.get(TEXT_KEY_PARAM, "")):
        # A long text, kept on the server; gone: the UDHR, said so.
        text, missing = text_from_link(key)
        state |= {f"{section}_text": text or "", "lab_missing": missing}
        if text is None:
            state[f"{section}_source"] = UDHR_SOURCE
    st.session_state.update(state)


def keep_linked_state() -> None:
    """Keep each section's inputs while another section is open (Streamlit forgets a widget's
    value in a run that does not draw it; re-assigning the key keeps it), defaults for the rest."""
    for key, default in LINK_DEFAULTS.items():
        st.session_state[key] = st.session_state.get(key, default)


def save_to_link(section: str) -> list[str]:
    """The open section and its inputs, as the page's query parameters: a corpus's languages
    or its pasted text (a long one as its key, kept on the server), whichever is in use.
    Returns what the Copy link box says of the text."""
    params = {"section": section}
    notes = []
    for key, name in SECTION_PARAMS[section].items():
        value = st.session_state.get(key)
        if key.endswith("_source"):
            params[name] = next(word for word, label in SOURCES.items() if label == value)
        elif key.endswith("_languages"):
            if st.session_state.get(f"{section}_source") == UDHR_SOURCE:
                params[name] = ",".join(str(code) for code in value or [])
        elif key.endswith("_text"):
            if st.session_state.get(f"{section}_source") == UDHR_SOURCE:
                continue
            if st.session_state.get(f"{section}_upload") is not None:
                notes.append("The uploaded text file stays out of it: the receiver uploads their own.")
                continue
            text_link, note = linked_text(str(value or ""))
            params |= text_link
            notes.append(note)
        elif isinstance(value, list):
            params[name] = ",".join(str(item) for item in value)
        elif isinstance(value, bool):
            params[name] = "1" if value else "0"
        elif value not in (None, ""):
            params[name] = str(value)
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)
    return notes


@st.cache_resource(max_entries=3, show_spinner="Reading the vocabulary…")
def cached_table(tokenizer_id: str) -> pl.DataFrame:
    """One classified vocabulary per tokenizer; at most three kept (about 13 MB each at 262K)."""
    return vocab_table(cached_tokenizer(tokenizer_id))


@st.cache_data(max_entries=16, show_spinner=False)
def cached_numbers(tokenizer_id: str) -> NumberChunking:
    return number_chunking(cached_tokenizer(tokenizer_id), cached_table(tokenizer_id))


@st.cache_data(max_entries=8, show_spinner="Comparing vocabularies…")
def cached_overlap(ids: tuple[str, ...]) -> tuple[pl.DataFrame, list, PairOverlap | None]:
    sets = {i: entry_set(cached_table(i)) for i in ids}
    pair = pair_overlap(cached_table(ids[0]), cached_table(ids[1])) if len(ids) == 2 else None
    return jaccard_matrix(sets), intersections(sets), pair


@st.cache_data(max_entries=8, show_spinner="Tokenising the corpus…")
def cached_trim(tokenizer_id: str, corpus_key: str, _documents: list[str]) -> TrimStudy:
    return trim_study(cached_tokenizer(tokenizer_id), _documents)


@st.cache_resource(show_spinner=False)
def sweep_results() -> OrderedDict[str, SweepResult]:
    """Finished sweeps by input key, shared by sessions, the last SWEEP_CACHE_ENTRIES kept."""
    return OrderedDict()


@st.cache_data(max_entries=64, show_spinner=False)
def cached_bundled_cpt(tokenizer_id: str, corpus_key: str, _documents: list[str]) -> float:
    return corpus_chars_per_token(cached_tokenizer(tokenizer_id), _documents)


def shown(frame: pl.DataFrame) -> pl.DataFrame:
    """Entries as the tables show them: whitespace visible, raw bytes left out."""
    return frame.with_columns(pl.col("text").map_elements(visible, return_dtype=pl.String).alias("token")).select(
        SHOWN_COLUMNS
    )


def pick_tokenizer(label: str, key: str) -> str:
    return st.selectbox(label, tokenizer_ids, format_func=names.get, key=key)


def uploaded_text(key: str) -> str | None:
    """The text of the file uploaded under `key`; None without one, or (saying why) when it is not
    UTF-8 text: the pasted text then stays in use, so the view already computed from it stays."""
    upload = st.file_uploader("Upload a UTF-8 .txt file", type=["txt"], key=key)
    if upload is None:
        return None
    try:
        return decode_text_upload(upload.getvalue(), upload.name)
    except tokenlab.InvalidTextError as error:
        st.error(markdown_text(str(error)))
        return None


def corpus_picker(prefix: str) -> tuple[list[str], str, str]:
    """Documents from the UDHR or the user's text, a key of their content, and a description."""
    source = st.radio("Corpus", ["UDHR (bundled)", "My text"], key=f"{prefix}_source", horizontal=True)
    if missing := st.session_state.pop("lab_missing", None):  # said once, when the link is opened
        st.warning(markdown_text(missing))
    if source == "UDHR (bundled)":
        languages = udhr_languages()
        codes = st.multiselect(
            "UDHR languages",
            list(languages),
            format_func=lambda code: f"{languages[code]} ({code})",
            key=f"{prefix}_languages",
        )
        documents, label = udhr_documents(codes), f"the UDHR in {len(codes)} language{'s' * (len(codes) != 1)}"
    else:
        text = uploaded_text(f"{prefix}_upload")
        if text is None:
            text = st.text_area("Or paste text", key=f"{prefix}_text", height=120)
        text, notice = clip_text(text, MAX_USER_CHARS)
        if notice:
            st.caption(notice)
        documents, label = text_documents(text), "your text"
    key = hashlib.sha256("\x00".join(documents).encode("utf-8", "surrogatepass")).hexdigest()
    return documents, key, label


def browse() -> None:
    tokenizer_id = pick_tokenizer("Tokenizer", "browse_tokenizer")
    table = cached_table(tokenizer_id)
    st.caption(
        f"{names[tokenizer_id]} has {len(table):,} entries, shown decoded from their bytes (␣ space, ↵ newline, ⇥ tab)."
    )
    query_col, mode_col = st.columns([3, 1])
    query = query_col.text_input(
        "Search entries", key="browse_query", placeholder="ization, or a regex such as ^␣?[0-9]{3}$"
    )
    use_regex = mode_col.radio("Match", ["substring", "regex"], key="browse_mode", horizontal=True) == "regex"
    found = search_vocab(table, query.replace("␣", " "), use_regex=use_regex)
    st.dataframe(shown(found.matches), hide_index=True, width="stretch", height=250)
    st.caption(
        f"{found.total:,} matching entries"
        + (f", the first {len(found.matches):,} shown" if found.total > len(found.matches) else "")
        + f". Regexes (Rust syntax, at most {MAX_PATTERN_CHARS} characters) run in linear time: no look-around "
        "or backreferences."
    )

    classes, scripts = split_by(table, "class"), split_by(table, "script")
    left, right = st.columns(2)
    left.plotly_chart(split_chart(classes, "class", "Entries by kind"), width="stretch")
    right.plotly_chart(split_chart(scripts, "script", "Entries by Unicode script (top 15)"), width="stretch")
    st.caption(
        "Kind from the entry's bytes: word-initial = leading space then letters; continuation = letters only; "
        "punctuation includes symbols and control characters; partial UTF-8 = a byte-level piece of a character; "
        "byte fallback and special as the tokenizer declares them. Script: the Unicode Script property of most of its "
        "letters."
    )
    which = st.radio("Examples by", ["kind", "script"], key="browse_examples", horizontal=True)
    split = classes if which == "kind" else scripts
    st.dataframe(
        split.with_columns(pl.col("examples").list.join("  ")),
        hide_index=True,
        width="stretch",
        column_config={"share": st.column_config.NumberColumn(format="percent")},
    )

    left, right = st.columns(2)
    left.plotly_chart(length_histogram_chart(length_counts(table)), width="stretch")
    left.caption(
        "Entries by length (special entries left out); multi-byte scripts are longer in bytes than in characters."
    )
    right.markdown("**Longest entries**")
    unit = right.radio(
        "Longest by",
        ["n_bytes", "n_chars"],
        key="browse_longest",
        horizontal=True,
        format_func={"n_bytes": "bytes", "n_chars": "characters"}.get,
    )
    right.dataframe(shown(longest_entries(table, 50, unit)), hide_index=True, width="stretch", height=320)

    st.subheader("How numbers are chunked")
    numbers = cached_numbers(tokenizer_id)
    st.metric("Digit runs are cut into", numbers.verdict)
    complete = ", ".join(f"{have:,} of {total:,} {n}-digit" for n, (have, total) in numbers.complete.items())
    st.caption(
        f"{numbers.digit_entries:,} entries are digits only (longest: {numbers.longest_digit_entry} digits); "
        f"vocabulary holds {complete} strings. "
        "Arithmetic depends on it: fixed left-to-right chunks misalign place values across numbers (Singh & Strouse "
        "2024)."
    )
    st.dataframe(
        [{"number": number, "chunks": " | ".join(chunks)} for number, chunks in numbers.probes.items()],
        hide_index=True,
        width="stretch",
    )


def overlap() -> None:
    st.session_state.setdefault("overlap_tokenizers", ["cl100k_base", "llama3", "o200k_base"])
    chosen = st.multiselect(
        "Tokenizers to compare (2 to 5)",
        tokenizer_ids,
        format_func=names.get,
        key="overlap_tokenizers",
        max_selections=MAX_OVERLAP,
    )
    if len(chosen) < 2:
        st.info("Pick at least two tokenizers to compare.")
        return
    matrix, combos, pair = cached_overlap(tuple(chosen))
    labels = list(chosen)  # ids: short enough for chart axes
    left, right = st.columns(2)
    left.plotly_chart(jaccard_heatmap(matrix, labels), width="stretch")
    right.plotly_chart(upset_chart(combos, labels), width="stretch")
    st.caption(
        "Entries compared as the byte strings they stand for (SentencePiece ▁ is a space), special tokens left out. "
        "Jaccard = |A ∩ B| / |A ∪ B|. UpSet bars count entries in exactly the vocabularies with filled dots."
    )
    if pair is not None:
        a, b = (names[tokenizer_id] for tokenizer_id in labels)
        st.markdown(
            f"**{a}** and **{b}** share {pair.shared:,} entries (Jaccard {pair.jaccard:.3f}); "
            f"{pair.only_a:,} are only in {a}, {pair.only_b:,} only in {b}."
        )
        st.dataframe(
            pair.by_script.rename({"only_a": f"only {a}", "only_b": f"only {b}"}),
            hide_index=True,
            width="stretch",
            column_config={
                "shared": st.column_config.NumberColumn(format="localized"),
                f"only {a}": st.column_config.NumberColumn(format="localized"),
                f"only {b}": st.column_config.NumberColumn(format="localized"),
            },
        )
    owner = st.selectbox(
        "Entries found in no other chosen vocabulary, of", chosen, format_func=names.get, key="overlap_unique"
    )
    unique = unique_entries({i: cached_table(i) for i in chosen}, owner)
    st.dataframe(shown(unique), hide_index=True, width="stretch", height=250)
    st.caption("The first 200 in id order (for BPE, the earliest merges: the most frequent pieces).")


def trim() -> None:
    left, right = st.columns([1, 2], gap="large")
    with left:
        tokenizer_id = pick_tokenizer("Tokenizer", "trim_tokenizer")
        documents, corpus_key, label = corpus_picker("trim")
        d_col, dtype_col = st.columns(2)
        d_model = d_col.number_input("Width d_model", min_value=1, step=256, key="trim_d")
        dtype = dtype_col.selectbox("dtype", list(DTYPE_BYTES), key="trim_dtype")
        tied = st.toggle("Tied input and output embeddings", key="trim_tied")
        target = st.radio(
            "Keep the entries covering",
            COVERAGE_TARGETS,
            format_func=TARGET_LABELS.get,
            key="trim_target",
            horizontal=True,
        )
    study = cached_trim(tokenizer_id, corpus_key, documents)
    marks = {TARGET_LABELS[t]: study.k_for(t) for t in COVERAGE_TARGETS}
    k = study.k_for(target)
    saved = memory_saved(study.vocab_size, k, d_model, dtype, tied)
    tokens_share, documents_share = study.retokenised(k)
    with right:
        cols = st.columns(4)
        cols[0].metric(
            "Entries kept k", f"{k:,}", help=f"of V = {study.vocab_size:,}; {study.distinct:,} distinct entries used"
        )
        cols[1].metric("Memory saved", f"{saved / 1e9:,.2f} GB", help="(V − k)·d·bytes, × 2 matrices unless tied")
        cols[2].metric(
            "Re-tokenised", f"{tokens_share:.2%}", help="Share of the corpus's tokens outside the kept entries"
        )
        cols[3].metric(
            "Docs affected", f"{documents_share:.1%}", help="Share of documents holding at least one dropped entry"
        )
        if notice := study.too_small_notice():
            st.warning(markdown_text(notice))
        st.plotly_chart(coverage_chart(study.coverage(), study.vocab_size, marks, k), width="stretch")
    st.caption(
        f"{names[tokenizer_id]} on {label}: {study.total_tokens:,} tokens, {study.distinct:,} distinct entries of V = "
        f"{study.vocab_size:,} "
        f"({study.distinct / study.vocab_size:.1%} used). Coverage(k) = share of the corpus's tokens among the k most "
        "frequent entries. "
        f"Memory saved = (V − k)·d·{DTYPE_BYTES[dtype]} bytes × {1 if tied else 2} matrix{'es' * (not tied)} (input "
        "embedding and output head). "
        "Tokens outside the kept entries must be re-tokenised into kept ones; a real trim also keeps the byte and "
        "special entries. "
        "Ushio et al. 2023 (vocabulary trimming) report about half of a multilingual vocabulary can go for one "
        "language."
    )
    st.dataframe(
        [
            {
                "coverage": TARGET_LABELS[t],
                "k": marks[TARGET_LABELS[t]],
                "memory saved (GB)": memory_saved(study.vocab_size, marks[TARGET_LABELS[t]], d_model, dtype, tied)
                / 1e9,
                "tokens re-tokenised": study.retokenised(marks[TARGET_LABELS[t]])[0],
            }
            for t in COVERAGE_TARGETS
        ],
        hide_index=True,
        width="stretch",
        column_config={
            "tokens re-tokenised": st.column_config.NumberColumn(format="percent"),
            "memory saved (GB)": st.column_config.NumberColumn(format="%.3f"),
        },
    )


def size_sweep() -> None:
    left, right = st.columns([1, 2], gap="large")
    with left:
        documents, corpus_key, label = corpus_picker("sweep")
        sample = st.select_slider(
            "Sample (characters)",
            SAMPLE_CHOICES,
            format_func=lambda n: f"{n / 1e6:g}M",
            key="sweep_sample",
        )
        sizes = st.multiselect(
            "Vocabulary sizes",
            SWEEP_SIZES,
            format_func=lambda v: f"{v // 1000}K",
            key="sweep_sizes",
        )
        superword = st.toggle("Also train superword BPE (SuperBPE-style)", key="sweep_superword")
        transition = st.selectbox(
            "Superword transition size t",
            SWEEP_SIZES[:-1],
            format_func=lambda v: f"{v // 1000}K",
            key="sweep_transition",
            disabled=not superword,
        )
        limit = st.number_input(
            "Time limit (s)", min_value=MIN_LIMIT_S, max_value=MAX_LIMIT_S, step=5, key="sweep_limit"
        )
        compare = st.multiselect(
            "Tokenizers to measure",
            tokenizer_ids,
            format_func=names.get,
            key="sweep_compare",
        )
    train, held_out = split_held_out(bounded(documents, sample))
    key = hashlib.sha256(repr((corpus_key, sample, sorted(sizes), superword and transition)).encode()).hexdigest()
    results = sweep_results()
    with right:
        if st.button("Train", type="primary", key="sweep_run") and key not in results:
            with heavy_job("training BPE"), st.status("Training byte-level BPE…", expanded=True) as status:
                bar = st.progress(0.0)
                result = sweep(
                    train,
                    held_out,
                    sizes,
                    superword_from=transition if superword else None,
                    time_limit_s=limit,
                    progress=lambda done, message: bar.progress(done, text=message),
                )
                status.update(label="Training done", state="complete", expanded=False)
            results[key] = result
            while len(results) > SWEEP_CACHE_ENTRIES:
                results.popitem(last=False)
        if key not in results:
            st.info(
                f"Press **Train** to train byte-level BPE at {len(sizes)} sizes on {sum(map(len, train)):,} "
                f"characters of {label} "
                f"and measure it on {sum(map(len, held_out)):,} held-out characters."
            )
            return
        result = results[key]
        held_key = hashlib.sha256("\x00".join(held_out).encode("utf-8", "surrogatepass")).hexdigest()
        bundled = {
            i: (tokenlab.tokenizer_info(i).vocab_size, cached_bundled_cpt(i, held_key, held_out)) for i in compare
        }
        st.plotly_chart(sweep_chart(result, bundled), width="stretch")
        if result.stopped:
            st.warning(markdown_text(result.stopped))
        if shortfall := short_of_size(result):
            st.warning(markdown_text(shortfall))
    st.caption(
        f"Trained on {result.train_chars:,} characters of {label}, measured on {result.held_out_chars:,} held-out "
        "characters (every 10th document). "
        "The paper's f(V) (Tao et al. 2024, `scaling.tokens_per_char`) was fitted on English SlimPajama; above the "
        "dashed curve your text "
        "compresses better than it assumes. Extra tokens vs f(V) = (paper chars/token ÷ measured) − 1: the change in "
        "the token budget D for "
        "the same characters. Superword BPE: stage 2 merges across spaces from size t (Liu et al. 2025, SuperBPE)."
    )
    st.dataframe(
        sweep_table(result),
        hide_index=True,
        width="stretch",
        column_config={
            "extra tokens vs f(V)": st.column_config.NumberColumn(format="percent"),
            "chars/token": st.column_config.NumberColumn(format="%.3f"),
            "paper chars/token": st.column_config.NumberColumn(format="%.3f"),
            "tokens per 1M chars": st.column_config.NumberColumn(format="%.0f"),
            "train s": st.column_config.NumberColumn(format="%.2f"),
        },
    )
    trained = list(result.tokenizer_json)
    pick_col, try_col = st.columns([1, 2])
    variant, size = pick_col.selectbox(
        "Trained tokenizer", trained, format_func=lambda vs: f"{vs[0]} {vs[1] // 1000}K", key="sweep_pick"
    )
    data = result.tokenizer_json[variant, size].encode()
    pick_col.download_button(
        "Download tokenizer.json", data, file_name="tokenizer.json", mime="application/json", key="sweep_download"
    )
    pick_col.caption(
        'Opens with `tokenlab.load_tokenizer_bytes(data, "name.json")` or any Hugging Face `tokenizers` release.'
    )
    sample_text = try_col.text_input(
        "Try it", value="All human beings are born free and equal in dignity and rights.", key="sweep_try"
    )
    if sample_text:
        trained_tokenizer = tokenlab.load_tokenizer_bytes(data, f"{variant.replace(' ', '-')}-{size}.json")
        try_col.html(segmentation_html(trained_tokenizer.segment(sample_text)))


SECTION_VIEWS = {"browse": browse, "overlap": overlap, "trim": trim, "sweep": size_sweep}

st.title("Vocabulary lab")
st.caption(
    "What is in a vocabulary, how much vocabularies share, how much of one your corpus uses, and how compression "
    "grows with V on your text."
)
if "lab_section" not in st.session_state:
    start_from_link()
keep_linked_state()
section = (
    st.segmented_control(
        "Section", list(SECTIONS), format_func=SECTIONS.get, key="lab_section", label_visibility="collapsed"
    )
    or "browse"
)
hub_adder(PICKERS[section])
copy_link(
    "the open section and its choices: the tokenizer, the search, the vocabularies compared, the trim's "
    "and the sweep's settings, and the corpus (UDHR languages or your text)",
    [
        *save_to_link(section),
        UPLOADS,
        *(
            ["The sweep's results are not in it: the receiver presses Train, unless this server still holds them."]
            * (section == "sweep")
        ),
    ],
)
try:
    SECTION_VIEWS[section]()
except tokenlab.TokenlabError as error:
    st.error(markdown_text(str(error)))
