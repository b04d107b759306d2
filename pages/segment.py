"""Segmentation explorer: how several tokenizers cut the same text, side by side."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

import tokenlab
from tokenlab import settings
from tokenlab.charts.segmentation import boundary_agreement_heatmap, token_count_bars
from tokenlab.text.agreement import consensus_share, pairwise_jaccard
from tokenlab.text.export import segmentations_csv, segmentations_json
from tokenlab.text.markup import markdown_text
from tokenlab.text.render import VIEWS, agreement_html, segmentation_html
from tokenlab.text.samples import DEFAULT_SAMPLE, SAMPLES
from tokenlab.text.share import ExplorerState, state_from_params, state_to_params
from tokenlab.text.stats import SegmentationStats, cost, count_units, dollars, segmentation_stats
from tokenlab.text.user_text import clip_text, decode_text_upload
from tokenlab.text.word_units import UNIT_LABELS
from ui.hub import hub_adder, tokenizer_options
from ui.links import UPLOADS, copy_link, linked_text, text_from_link
from ui.state import (
    cached_segmentation,
    format_of,
    format_texts,
    hub_tokenizers,
    visitor_segmentation,
    visitor_tokenizer,
)
from ui.tables import phone_first

DEFAULT = ExplorerState(("o200k_base", "llama3", "qwen3", "gemma3"), text=SAMPLES[DEFAULT_SAMPLE])
PANELS_PER_ROW = 2

names = tokenizer_options("tokenizers")


def start_from_link() -> None:
    """On a session's first run, take the state from the URL (a shared link)."""
    state = state_from_params(st.query_params.to_dict(), names, DEFAULT)
    missing = None
    if state.text_key is not None:  # a long text, kept on the server; gone: the sample, said so
        linked, missing = text_from_link(state.text_key)
        state = replace(state, text=DEFAULT.text if linked is None else linked)
    text, notice = clip_text(state.text or "")
    st.session_state.update(
        tokenizers=list(state.tokenizers),
        view=state.view,
        ws=state.show_whitespace,
        special=state.with_format,
        reference=state.reference_id,
        text=text,
        notice=missing or notice,
        dropped=", ".join(state.dropped),
    )


def load_sample() -> None:
    if st.session_state.sample:
        st.session_state.update(text=SAMPLES[st.session_state.sample], notice=None)


def clip_typed() -> None:
    """A paste over the limit is clipped with the upload's notice (a `max_chars` box would refuse it whole)."""
    text, notice = clip_text(st.session_state.text)
    st.session_state.update(text=text, notice=notice)


def load_upload() -> None:
    upload = st.session_state.upload
    if upload is None:
        return
    try:
        text, notice = clip_text(decode_text_upload(upload.getvalue(), upload.name))
    except tokenlab.InvalidTextError as error:
        st.session_state.notice = str(error)
        return
    st.session_state.update(text=text, notice=notice)


if "tokenizers" not in st.session_state:
    start_from_link()

st.title("How do tokenizers see your text?")
st.caption("Paste text, pick tokenizers, compare their tokens. Hover or tap a token for its id, bytes and offsets.")

# On a phone the columns stack: the text box stays short and the tokens come before the secondary
# controls (sample, upload, view, Hub), so the first screen already shows a token.
st.text_area("Text", key="text", height=100, on_change=clip_typed)
if st.session_state.get("notice"):
    st.warning(markdown_text(st.session_state.notice))
if dropped := st.session_state.pop("dropped", ""):  # said once, when the link is opened
    st.warning(f"The link named tokenizers tokenlab does not bundle: {markdown_text(dropped)}.")

chosen: list[str] = st.session_state.tokenizers
if st.session_state.get("reference") not in chosen:  # a reference dropped from the tokenizers: the first
    st.session_state.reference = chosen[0] if chosen else None
pick_tokenizers, pick_reference = st.columns([3, 1])
pick_tokenizers.multiselect("Tokenizers", list(names), key="tokenizers", format_func=names.get)
pick_reference.selectbox(
    "Reference",
    chosen,
    key="reference",
    format_func=names.get,
    help="The tokenizer the others are compared with (× reference in the summary).",
)
tokens_area = st.container()  # filled once the tokens are counted, above the controls below

view_col, ws_col, special_col = st.columns([2, 1, 1])
view_col.radio("Show tokens as", VIEWS, key="view", horizontal=True, format_func=str.capitalize)
ws_col.toggle("Show whitespace", key="ws")
special_col.toggle(
    "Count BOS/EOS", key="special", help="Count the special tokens each tokenizer's own format adds (BOS, [CLS], ...)."
)
pick, upload = st.columns([1, 1])
pick.selectbox(
    "Sample text", list(SAMPLES), index=None, placeholder="Load a sample…", key="sample", on_change=load_sample
)
upload.file_uploader("Or upload a .txt file", type=["txt"], key="upload", on_change=load_upload)
hub_adder("tokenizers")
with st.expander("Add your own tokenizer"):
    st.file_uploader(
        "A tokenizer.json (or .json.gz), a .tiktoken rank file or a SentencePiece .model; "
        "tokenizers trained in the Vocabulary lab download as tokenizer.json. It is compared beside the "
        "others but is not part of shared links.",
        type=["json", "gz", "tiktoken", "model"],
        key="tokenizer_file",
    )

text: str = st.session_state.text
with_format: bool = st.session_state.special
state = ExplorerState(
    tuple(chosen), st.session_state.view, st.session_state.ws, with_format, text, st.session_state.reference
)
hub = hub_tokenizers()
text_link, text_note = linked_text(text)
shared_tokenizers = tuple(t for t in chosen if t not in hub)  # a session's own stay out of links
params = state_to_params(replace(state, tokenizers=shared_tokenizers, text=None)) | text_link
if st.query_params.to_dict() != params:
    st.query_params.from_dict(params)
copy_link(
    "the tokenizers and the reference, how tokens are shown, the whitespace and BOS/EOS switches and the text",
    [
        text_note,
        UPLOADS,
        "Prices and N in the cost table stay out of it.",
    ],
)

if not chosen:
    tokens_area.info("Pick at least one tokenizer.")
    st.stop()
if not text:
    tokens_area.info("Type or paste some text, or load a sample.")
    st.stop()

labels = dict(names)
own = None
if (tokenizer_file := st.session_state.tokenizer_file) is not None:
    try:
        own = visitor_tokenizer(tokenizer_file)
    except tokenlab.TokenlabError as error:
        st.error(markdown_text(str(error)))
    else:
        labels[own.id] = f"{own.info.label} (your file, {own.algorithm}, {own.vocab_size:,} tokens)"

segmentations = []
formats = {}
# One bundled tokenizer at a time, and none held after: the registry keeps what fits its budget.
with st.spinner(f"Tokenizing with {len(chosen)} tokenizers…"):
    for tid in chosen:
        try:
            segmentations.append(cached_segmentation(tid, text))
            formats[tid] = format_of(tid)
        except tokenlab.TokenlabError as error:
            st.error(markdown_text(str(error)))
            if tid not in hub:  # a Hub tokenizer runs in the sandbox: if it fails there, the others stay
                st.stop()
if own is not None:  # the visitor's file runs in the sandbox; if it fails there, the others stay
    try:
        with st.spinner("Tokenizing with your tokenizer, in a sandbox…"):
            segmentations.append(visitor_segmentation(own, text))
            formats[own.id] = format_texts(own)
    except tokenlab.TokenlabError as error:
        st.error(markdown_text(str(error)))

if not segmentations:
    st.stop()
ids = [seg.tokenizer_id for seg in segmentations]
stats = [
    segmentation_stats(seg, sum(map(len, formats[seg.tokenizer_id])) if with_format else 0) for seg in segmentations
]
shared = consensus_share(segmentations)
reference = next((s for s in stats if s.tokenizer_id == state.reference_id), stats[0])


def shown_tokens(s: SegmentationStats) -> int:
    return s.tokens_with_format if with_format else s.tokens


with tokens_area:
    st.subheader("Tokens")
    for row_start in range(0, len(segmentations), PANELS_PER_ROW):
        columns = st.columns(PANELS_PER_ROW)
        for column, seg, s in zip(columns, segmentations[row_start:], stats[row_start:], strict=False):
            with column.container(border=True):
                count = shown_tokens(s)
                st.markdown(
                    f"**{markdown_text(labels[seg.tokenizer_id])}** · {count:,} token{'' if count == 1 else 's'} · "
                    f"{s.chars_per_token or 0:.2f} chars/token"
                )
                if with_format:
                    before, after = formats[seg.tokenizer_id]
                    st.caption("Format: " + markdown_text(" ".join([*before, "…text…", *after])))
                st.html(
                    segmentation_html(
                        seg,
                        view=state.view,
                        show_whitespace=state.show_whitespace,
                        max_tokens=settings.MAX_RENDERED_TOKENS,
                    )
                )
    st.caption(
        "Dotted underline: a token holding part of a character · dashed outline: byte-fallback token · "
        "red outline: unknown token · struck-through grey: characters the tokenizer's normalizer dropped."
    )

st.subheader("Summary")
st.caption(
    "Counts include the special tokens each tokenizer's format adds (BOS, [CLS], [SEP]); chat templates add more."
    if with_format
    else "Counts are of the text alone: no BOS/EOS or other special tokens are added."
)


_, units = count_units(text)
per_unit = f"tokens per {UNIT_LABELS[units.unit]}"
flag = f"⚠ coverage below {settings.MIN_COVERAGE:.0%}"
ratio = f"× {labels[reference.tokenizer_id]}"
summary = [
    {
        "tokenizer": labels[s.tokenizer_id],
        "tokens": shown_tokens(s),
        "chars/token": s.chars_per_token,
        "bytes/token": s.bytes_per_token,
        per_unit: s.tokens_per_word,
        ratio: shown_tokens(s) / shown_tokens(reference) if shown_tokens(reference) else None,
        "coverage": s.coverage,
        flag: "⚠ not comparable: the model does not see all of this text" if s.flagged else "",
        "boundaries all share": None if shared[s.tokenizer_id] is None else 100 * shared[s.tokenizer_id],
    }
    for s in stats
]
order, summary_columns = phone_first(
    list(summary[0]),
    ("tokenizer", "tokens", ratio),
    {
        "tokens": st.column_config.NumberColumn(format="localized"),
        "chars/token": st.column_config.NumberColumn(format="%.2f"),
        "bytes/token": st.column_config.NumberColumn(format="%.2f"),
        per_unit: st.column_config.NumberColumn(format="%.2f"),
        ratio: st.column_config.NumberColumn(
            "× reference",
            format="%.2f×",
            help=f"Tokens relative to the reference, {markdown_text(labels[reference.tokenizer_id])} (pick it under "
            "Reference)",
        ),
        "coverage": st.column_config.ProgressColumn(format="percent", min_value=0, max_value=1),
        "boundaries all share": st.column_config.ProgressColumn(format="%.0f%%", min_value=0, max_value=100),
    },
)
st.dataframe(
    summary, hide_index=True, width="stretch", key="summary_table", column_order=order, column_config=summary_columns
)
st.caption(
    f"{reference.characters:,} characters, {reference.bytes:,} UTF-8 bytes, {reference.words:,} units of "
    f"{UNIT_LABELS[units.unit]} ({markdown_text(units.reason)}). Coverage: the share of characters that reach the "
    "model, neither inside an unknown token nor dropped by the tokenizer's normalizer; below "
    f"{settings.MIN_COVERAGE:.0%} a tokenizer's counts understate the cost ({flag}). Click a column header to sort."
)
if flagged := [labels[s.tokenizer_id] for s in stats if s.flagged]:
    st.warning(
        f"⚠ {markdown_text(', '.join(flagged))}: coverage below {settings.MIN_COVERAGE:.0%} of this text, so "
        "fewer tokens here do not mean cheaper text."
    )

if len(segmentations) > 1:
    st.subheader("Where they agree")
    st.caption(
        "Each mark is a token boundary: solid green where every chosen tokenizer cuts, dashed orange "
        "where only some do; a dotted underline marks a character (as read) that some cut inside. "
        "Hover to see which."
    )
    st.html(agreement_html(segmentations))
bars, heatmap = st.columns(2)
bars.plotly_chart(token_count_bars(stats, labels), width="stretch")
if len(segmentations) > 1:
    heatmap.plotly_chart(boundary_agreement_heatmap(ids, pairwise_jaccard(segmentations), labels), width="stretch")

st.subheader("Cost")
st.caption("Enter a price per million input tokens to turn counts into money. Leave empty to skip.")
prices = st.data_editor(
    [{"tokenizer": labels[tid], "$ per 1M input tokens": None} for tid in ids],
    key=f"prices-{'-'.join(ids)}",
    hide_index=True,
    disabled=["tokenizer"],
    column_config={"$ per 1M input tokens": st.column_config.NumberColumn(min_value=0.0, format="%.4f")},
)
# Its default goes through session state: app.py re-assigns kept keys on every run, and a widget
# that also passes `value=` makes Streamlit log a warning.
st.session_state.setdefault("repeats", 1000)
repeats = st.number_input("Send this text N times", min_value=1, step=100, key="repeats")
priced = [
    {
        "tokenizer": row["tokenizer"],
        "this text": dollars(cost(shown_tokens(s), price)),
        f"× {repeats:,}": dollars(cost(shown_tokens(s), price, repeats)),
    }
    for row, s in zip(prices, stats, strict=True)
    if (price := row["$ per 1M input tokens"]) is not None
]
if priced:
    st.dataframe(priced, hide_index=True)

st.subheader("Export")
# Written when clicked, not on every run: for 100,000 characters and four tokenizers the files
# are about 37 MB, which each session would otherwise hold for as long as the page is open.
# A click only downloads; rerunning the page would not change the file.
csv_col, json_col = st.columns(2)
csv_col.download_button(
    "Tokens as CSV",
    lambda: segmentations_csv(segmentations),
    "tokenlab-segmentation.csv",
    "text/csv",
    key="csv",
    on_click="ignore",
)
json_col.download_button(
    "Tokens as JSON",
    lambda: segmentations_json(segmentations),
    "tokenlab-segmentation.json",
    "application/json",
    key="json",
    on_click="ignore",
)
