"""Corpus efficiency: what code, legal text, prose, maths and many languages cost, and what a budget buys."""

from __future__ import annotations

import polars as pl
import streamlit as st
from streamlit.elements.lib.column_types import ColumnConfig

import tokenlab
from tokenlab import settings
from tokenlab.charts.corpus import CAPTIONS, grouped_bars
from tokenlab.corpora import udhr_languages
from tokenlab.metrics.budget import (
    DEFAULT_BUDGET_TOKENS,
    DOMAIN_CORPORA,
    PAGE_CHARS,
    domain_table,
    efficiency_table,
    what_fits,
)
from tokenlab.text.markup import markdown_text
from ui.hub import hub_adder, tokenizer_options
from ui.links import UPLOADS, copy_link
from ui.results import download_buttons, open_results, profile, require_tokenizers, visitor_columns, visitor_profile
from ui.state import counted_with, hub_tokenizers
from ui.tables import phone_first

# Tokenizers that read every bundled text: BERT (whose [UNK] makes Burmese look cheap) is one pick away.
DEFAULT_TOKENIZERS = ["o200k_base", "cl100k_base", "llama3", "qwen3", "gemma3", "mistral-v1"]
DEFAULT_LANGUAGES = ["eng", "cmn_hans", "hin", "arb", "rus", "swh", "tam", "mya"]
WHOLE_FILE = "(whole file)"
RESULTS_HELP = (
    "Results files: DIR/counts/<tokenizer>/*.parquet, and DIR/usage/<tokenizer>/*.parquet for "
    "vocabulary utilisation and Rényi efficiency"
)
SOURCE = (
    "Source: tokenlab's bundled corpora (14 programming languages for code; licences and the English UDHR "
    "for legal; Python's reference topics for prose; LaTeX for maths; the curated UDHR languages for multilingual)."
)

CODE_SOURCE = (
    "Source: up to 250K characters per language from permissively licensed registry packages (click, lodash, "
    "RxJS, Apache Cordova, LZ4, pybind11, cobra, serde, neofetch and n, sqlglot, Django, Bootstrap, mime-db, "
    "uap-core; data/NOTICE), the domain budget shared equally between the languages."
)

names = tokenizer_options("eff_tokenizers")
CODE = tokenlab.load_corpus("code")
language_names = dict(udhr_languages(subset=True).select("group", "name").iter_rows())
FLAGGED = f"⚠ coverage below {settings.MIN_COVERAGE:.0%}"


def start_from_link() -> None:
    """On a session's first run, take the state from the URL (a shared link), else the defaults."""
    params = st.query_params.to_dict()
    tokenizers = [t for t in params.get("tok", "").split(",") if t in names] if "tok" in params else DEFAULT_TOKENIZERS
    domains = (
        [d for d in params.get("domains", "").split(",") if d in DOMAIN_CORPORA]
        if "domains" in params
        else list(DOMAIN_CORPORA)
    )
    languages = (
        [g for g in params.get("langs", "").split(",") if g in language_names]
        if "langs" in params
        else DEFAULT_LANGUAGES
    )
    budget = params.get("budget", "")
    st.session_state.update(
        eff_tokenizers=tokenizers,
        eff_domains=domains,
        eff_languages=languages,
        eff_budget=int(budget) if budget.isdigit() and int(budget) > 0 else DEFAULT_BUDGET_TOKENS,
    )


def save_to_link() -> None:
    state = st.session_state
    params = {
        "tok": ",".join(t for t in state.eff_tokenizers if t not in hub_tokenizers()),  # a session's own: not linked
        "domains": ",".join(state.eff_domains),
        "langs": ",".join(state.eff_languages),
        "budget": str(state.eff_budget),
    }
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)


@st.cache_data(max_entries=32, show_spinner=False)
def domains_frame(
    _profiles: dict[str, tokenlab.Profile], keys: tuple[tuple[str, str, tuple[str, ...]], ...]
) -> pl.DataFrame:
    """`domain_table`, cached per (domain, corpus hash, tokenizer keys)."""
    return domain_table(_profiles)


@st.cache_data(max_entries=16, show_spinner=False)
def code_languages_frame(_profile: tokenlab.Profile, keys: tuple[str, ...], names: dict[str, str]) -> pl.DataFrame:
    """`efficiency_table` of the code corpus per programming language, labelled by its name."""
    return efficiency_table(_profile, "code", by_group=True, group_names=names)


@st.cache_data(max_entries=16, show_spinner=False)
def language_totals(_profile: tokenlab.Profile, keys: tuple[str, ...], groups: tuple[str, ...]) -> pl.DataFrame:
    return tokenlab.corpus_metrics.summary(_profile, groups=list(groups))


def efficiency_columns() -> dict[str, ColumnConfig | str]:
    """Column labels and formats: counts with thousands separators, rates to two places."""
    counts = {
        column: st.column_config.NumberColumn(column, format="localized")
        for column in ("documents", "characters", "words", "tokens", "distinct_tokens", "vocab_size")
    }
    return counts | {
        "tokenizer": st.column_config.TextColumn("tokenizer", help="The tokenizer's display name; its id in downloads"),
        "chars_per_token": st.column_config.NumberColumn("chars/token", format="%.2f"),
        "tokens_per_1k_chars": st.column_config.NumberColumn("tokens/1k chars", format="%.1f"),
        "bytes_per_token": st.column_config.NumberColumn("bytes/token", format="%.2f"),
        "utilisation": st.column_config.ProgressColumn(
            "vocabulary utilisation", format="%.3f", min_value=0, max_value=1
        ),
        "renyi_efficiency": st.column_config.NumberColumn("Rényi efficiency (α=2.5)", format="%.3f"),
        "coverage": st.column_config.ProgressColumn("coverage", format="percent", min_value=0, max_value=1),
        "flagged": st.column_config.CheckboxColumn(FLAGGED),
    }


if "eff_tokenizers" not in st.session_state:
    start_from_link()

st.title("What does each kind of text cost?")
st.caption(
    "Code, legal text, prose, maths and the curated UDHR languages, counted by each tokenizer; add your own file; "
    "see how much text fits in a context window."
)

pick_tokenizers, pick_domains = st.columns([3, 2])
pick_tokenizers.multiselect("Tokenizers", list(names), key="eff_tokenizers", format_func=names.get)
pick_domains.multiselect("Domains", list(DOMAIN_CORPORA), key="eff_domains", placeholder="No bundled domain")
hub_adder("eff_tokenizers")
with st.expander("Add your own corpus (.txt, .csv, .jsonl, .parquet)"):
    upload = st.file_uploader("Corpus file", type=["txt", "csv", "jsonl", "ndjson", "parquet"], key="eff_upload")
    text_column = group_column = None
    if upload is not None and not upload.name.lower().endswith(".txt"):
        try:
            columns, candidates = visitor_columns(upload)
        except tokenlab.TokenlabError as error:
            st.error(markdown_text(str(error)))
            columns, candidates = [], []
        if candidates:
            pick_text, pick_group = st.columns(2)
            text_column = pick_text.selectbox("Text column", candidates, key="eff_text_column")
            group_column = pick_group.selectbox(
                "Group rows by", [WHOLE_FILE, *[c for c in columns if c != text_column]], key="eff_group_column"
            )
            group_column = None if group_column == WHOLE_FILE else group_column
with st.expander("Open results of a large run (Parquet from `python -m tokenlab profile --out DIR`)"):
    results_files = st.file_uploader(RESULTS_HELP, type=["parquet"], accept_multiple_files=True, key="eff_results")
save_to_link()
copy_link(
    "the tokenizers, the domains, the budget and the UDHR languages it is spent on",
    [UPLOADS],
)

chosen: list[str] = st.session_state.eff_tokenizers
domains: list[str] = st.session_state.eff_domains
require_tokenizers(chosen)

frames = []
try:
    profiles = {
        domain: profile(tokenlab.load_corpus(DOMAIN_CORPORA[domain]), counted_with(chosen)) for domain in domains
    }
    if profiles:
        keys = tuple((d, p.corpus_hash, tuple(p.tokenizer_keys.values())) for d, p in profiles.items())
        frames.append(domains_frame(profiles, keys))
except tokenlab.TokenlabError as error:
    st.error(markdown_text(str(error)))
    st.stop()
if upload is not None:  # a bad upload gets its message; the bundled domains stay on screen
    try:
        own = visitor_profile(upload, text_column, group_column, chosen)
        frames.append(efficiency_table(own, f"your file ({upload.name})", by_group=True))
    except tokenlab.TokenlabError as error:
        st.error(markdown_text(str(error)))
if results_files:  # a run made elsewhere, with its own tokenizers; bad files get their message
    try:
        frames.append(efficiency_table(open_results(results_files), "results", by_group=True))
    except tokenlab.TokenlabError as error:
        st.error(markdown_text(str(error)))
if not frames:
    st.info("Pick at least one domain, or upload a corpus.")
    st.stop()
table = pl.concat(frames)

st.subheader("Cost per domain")
left, right = st.columns(2)
for column, measure in ((left, "chars_per_token"), (right, "tokens_per_1k_chars")):
    column.plotly_chart(grouped_bars(table, measure, names), width="stretch", key=f"eff_{measure}")
    column.caption(f"{CAPTIONS[measure]} {SOURCE if measure == 'chars_per_token' else ''}")
order, columns = phone_first(table.columns, ("tokenizer", "domain", "chars_per_token"), efficiency_columns())
st.dataframe(
    table.with_columns(pl.col("tokenizer").replace(names)),
    hide_index=True,
    width="stretch",
    column_order=order,
    column_config=columns,
    key="eff_table_view",
)
st.caption(f"{CAPTIONS['utilisation']} {CAPTIONS['renyi_efficiency']} {CAPTIONS['coverage']}")
download_buttons(table, "corpus-efficiency", "eff_table")

if "code" in profiles:
    st.subheader("Code by programming language")
    code = profiles["code"]
    languages_table = code_languages_frame(
        code, tuple(code.tokenizer_keys.values()), dict(CODE.groups.select("group", "name").iter_rows())
    )
    left, right = st.columns(2)
    for column, measure in ((left, "chars_per_token"), (right, "tokens_per_1k_chars")):
        column.plotly_chart(
            grouped_bars(languages_table, measure, names, category="domain", axis_title="language"),
            width="stretch",
            key=f"eff_code_{measure}",
        )
    st.caption(
        f"{CAPTIONS['chars_per_token']} {CODE_SOURCE} Every bundled file: `python -m tokenlab metrics "
        "--corpus code-all --by group`."
    )
    by_language = languages_table.rename({"domain": "language"}).with_columns(pl.col("tokenizer").replace(names))
    order, columns = phone_first(
        by_language.columns, ("tokenizer", "language", "chars_per_token"), efficiency_columns()
    )
    st.dataframe(by_language, hide_index=True, width="stretch", column_order=order, column_config=columns)
    download_buttons(languages_table, "code-by-language", "eff_code_table")

st.subheader("What a fixed budget buys")
pick_budget, pick_languages = st.columns([1, 3])
budget = pick_budget.number_input(
    "Budget (tokens)", min_value=1, step=1000, key="eff_budget", help="A context window, e.g. 128,000 tokens."
)
pick_languages.multiselect(
    "Languages (UDHR)", list(language_names), key="eff_languages", format_func=language_names.get
)
fits = [what_fits(table, budget)]
languages: list[str] = st.session_state.eff_languages
if languages:
    multilingual = profile(tokenlab.load_corpus("udhr-subset"), counted_with(chosen))
    totals = language_totals(multilingual, tuple(multilingual.tokenizer_keys.values()), tuple(languages))
    fits.append(what_fits(totals.with_columns(domain=pl.format("UDHR {}", "name")), budget))
columns = ("domain", "tokenizer", "budget_tokens", "characters", "words", "pages", "coverage", "flagged")
fit = pl.concat([f.select(columns) for f in fits])
st.plotly_chart(grouped_bars(fit, "pages", names), width="stretch", key="eff_pages")
st.caption(
    f"{CAPTIONS['pages']} A page is {PAGE_CHARS:,} characters here (about 500 English words); words are each "
    f"text's own word units (whitespace words, or ICU dictionary words for unspaced scripts). {CAPTIONS['coverage']}"
)
order, columns = phone_first(
    fit.columns,
    ("tokenizer", "domain", "pages"),
    {
        "characters": st.column_config.NumberColumn(format="%d"),
        "words": st.column_config.NumberColumn(format="%d"),
        "pages": st.column_config.NumberColumn(f"pages ({PAGE_CHARS:,} chars)", format="%.1f"),
        "coverage": st.column_config.ProgressColumn("coverage", format="percent", min_value=0, max_value=1),
        "flagged": st.column_config.CheckboxColumn(FLAGGED),
    },
)
st.dataframe(fit, hide_index=True, width="stretch", key="eff_budget_view", column_order=order, column_config=columns)
download_buttons(fit, f"budget-{budget}", "eff_budget_table")
