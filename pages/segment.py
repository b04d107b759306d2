"""Segmentation explorer: how several tokenizers cut the same text, side by side."""

from __future__ import annotations

import streamlit as st

import tokenlab
from ui.state import cached_segmentation, cached_tokenizer, catalogue_names, uploaded_tokenizer
from tokenlab import settings
from tokenlab.agreement import consensus_share, pairwise_jaccard
from tokenlab.charts import boundary_agreement_heatmap, token_count_bars
from tokenlab.export import segmentations_csv, segmentations_json
from tokenlab.metrics import SegmentationStats, cost, segmentation_stats
from tokenlab.render import VIEWS, agreement_html, segmentation_html
from tokenlab.samples import DEFAULT_SAMPLE, SAMPLES
from tokenlab.share import ExplorerState, state_from_params, state_to_params
from tokenlab.text_input import clip_text, decode_text_upload

DEFAULT = ExplorerState(("o200k_base", "llama3", "qwen3", "gemma3"), text=SAMPLES[DEFAULT_SAMPLE])
PANELS_PER_ROW = 2

names = catalogue_names()


def start_from_link() -> None:
    """On a session's first run, take the state from the URL (a shared link)."""
    state = state_from_params(st.query_params.to_dict(), names, DEFAULT)
    text, notice = clip_text(state.text or "")
    st.session_state.update(
        tokenizers=list(state.tokenizers), view=state.view, ws=state.show_whitespace,
        special=state.with_format, text=text, notice=notice,
        dropped=", ".join(state.dropped),
    )  # fmt: skip


def load_sample() -> None:
    if st.session_state.sample:
        st.session_state.update(text=SAMPLES[st.session_state.sample], notice=None)


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
st.caption("Paste text, pick tokenizers, compare their tokens. Hover a token for its id, bytes and offsets.")

pick, upload = st.columns([1, 1])
pick.selectbox("Sample text", list(SAMPLES), index=None, placeholder="Load a sample…", key="sample",
               on_change=load_sample)  # fmt: skip
upload.file_uploader("Or upload a .txt file", type=["txt"], key="upload", on_change=load_upload)
st.text_area("Text", key="text", height=140, max_chars=settings.MAX_TEXT_CHARS)
if st.session_state.get("notice"):
    st.warning(st.session_state.notice)
if dropped := st.session_state.pop("dropped", ""):  # said once, when the link is opened
    st.warning(f"The link named tokenizers tokenlab does not bundle: {dropped}.")

st.multiselect("Tokenizers (the first is the reference)", list(names), key="tokenizers",
               format_func=names.get)  # fmt: skip
view_col, ws_col, special_col = st.columns([2, 1, 1])
view_col.radio("Show tokens as", VIEWS, key="view", horizontal=True, format_func=str.capitalize)
ws_col.toggle("Show whitespace", key="ws")
special_col.toggle("Count BOS/EOS", key="special",
                   help="Count the special tokens each tokenizer's own format adds (BOS, [CLS], ...).")  # fmt: skip
with st.expander("Add your own tokenizer"):
    st.file_uploader(
        "A tokenizer.json (or .json.gz), a .tiktoken rank file or a SentencePiece .model; "
        "tokenizers trained in the Vocabulary lab download as tokenizer.json. It is compared beside the "
        "others but is not part of shared links.",
        type=["json", "gz", "tiktoken", "model"], key="tokenizer_file",
    )  # fmt: skip

text: str = st.session_state.text
chosen: list[str] = st.session_state.tokenizers
with_format: bool = st.session_state.special
state = ExplorerState(tuple(chosen), st.session_state.view, st.session_state.ws, with_format, text)
params = state_to_params(state)
if st.query_params.to_dict() != params:
    st.query_params.from_dict(params)

if not chosen:
    st.info("Pick at least one tokenizer.")
    st.stop()
if not text:
    st.info("Type or paste some text, or load a sample.")
    st.stop()

tokenizers = {tid: cached_tokenizer(tid) for tid in chosen}
labels = dict(names)
if (tokenizer_file := st.session_state.tokenizer_file) is not None:
    try:
        own = uploaded_tokenizer(tokenizer_file.getvalue(), tokenizer_file.name)
    except tokenlab.TokenlabError as error:
        st.error(str(error))
    else:
        tokenizers[own.id] = own
        labels[own.id] = f"{own.info.label} (your file, {own.algorithm}, {own.vocab_size:,} tokens)"

try:
    with st.spinner(f"Tokenizing with {len(tokenizers)} tokenizers…"):
        segmentations = [
            cached_segmentation(tid, text) if tid in names else tokenizer.segment(text)
            for tid, tokenizer in tokenizers.items()
        ]
except tokenlab.TokenlabError as error:
    st.error(str(error))
    st.stop()

format_tokens = {tid: tokenizer.format_tokens for tid, tokenizer in tokenizers.items()}
stats = [
    segmentation_stats(seg, sum(map(len, format_tokens[seg.tokenizer_id])) if with_format else 0)
    for seg in segmentations
]
shared = consensus_share(segmentations)
reference = stats[0]

st.subheader("Summary")
st.caption(
    "Counts include the special tokens each tokenizer's format adds (BOS, [CLS], [SEP]); chat templates add more."
    if with_format
    else "Counts are of the text alone: no BOS/EOS or other special tokens are added."
)


def shown_tokens(s: SegmentationStats) -> int:
    return s.tokens_with_format if with_format else s.tokens


st.dataframe(
    [
        {
            "tokenizer": labels[s.tokenizer_id],
            "tokens": shown_tokens(s),
            "chars/token": s.chars_per_token,
            "bytes/token": s.bytes_per_token,
            "tokens/word": s.tokens_per_word,
            f"× {reference.tokenizer_id}": shown_tokens(s) / shown_tokens(reference) if shown_tokens(reference) else None,
            "boundaries all share": None if shared[s.tokenizer_id] is None else 100 * shared[s.tokenizer_id],
        }
        for s in stats
    ],
    hide_index=True,
    width="stretch",
    column_config={
        "chars/token": st.column_config.NumberColumn(format="%.2f"),
        "bytes/token": st.column_config.NumberColumn(format="%.2f"),
        "tokens/word": st.column_config.NumberColumn(format="%.2f"),
        f"× {reference.tokenizer_id}": st.column_config.NumberColumn(format="%.2f×"),
        "boundaries all share": st.column_config.ProgressColumn(format="%.0f%%", min_value=0, max_value=100),
    },
)
st.caption(
    f"{reference.characters:,} characters, {reference.bytes:,} UTF-8 bytes, {reference.words:,} words "
    "(whitespace-separated). Click a column header to sort."
)

st.subheader("Tokens")
st.caption(
    "Dotted underline: a token holding part of a character · dashed outline: byte-fallback token · "
    "red outline: unknown token · struck-through grey: characters the tokenizer's normalizer dropped."
)
for row_start in range(0, len(segmentations), PANELS_PER_ROW):
    columns = st.columns(PANELS_PER_ROW)
    for column, seg, s in zip(columns, segmentations[row_start:], stats[row_start:]):
        with column.container(border=True):
            count = shown_tokens(s)
            st.markdown(f"**{labels[seg.tokenizer_id]}** · {count:,} token{'' if count == 1 else 's'} · "
                        f"{s.chars_per_token or 0:.2f} chars/token")  # fmt: skip
            if with_format:
                before, after = format_tokens[seg.tokenizer_id]
                tokenizer = tokenizers[seg.tokenizer_id]
                added = [tokenizer.token_bytes(i).decode() for i in before] + ["…text…"] + [
                    tokenizer.token_bytes(i).decode() for i in after
                ]
                st.caption("Format: " + " ".join(added))
            st.html(segmentation_html(seg, view=state.view, show_whitespace=state.show_whitespace,
                                      max_tokens=settings.MAX_RENDERED_TOKENS))  # fmt: skip

if len(segmentations) > 1:
    st.subheader("Where they agree")
    st.caption(
        "Each mark is a token boundary: solid green where every chosen tokenizer cuts, dashed orange "
        "where only some do (hover to see which)."
    )
    st.html(agreement_html(segmentations))
bars, heatmap = st.columns(2)
bars.plotly_chart(token_count_bars(stats, names), width="stretch")
if len(segmentations) > 1:
    heatmap.plotly_chart(boundary_agreement_heatmap(list(tokenizers), pairwise_jaccard(segmentations)), width="stretch")

st.subheader("Cost")
st.caption("Enter a price per million input tokens to turn counts into money. Leave empty to skip.")
prices = st.data_editor(
    [{"tokenizer": tid, "$ per 1M input tokens": None} for tid in tokenizers],
    key=f"prices-{'-'.join(tokenizers)}",
    hide_index=True,
    disabled=["tokenizer"],
    column_config={"$ per 1M input tokens": st.column_config.NumberColumn(min_value=0.0, format="%.4f")},
)
repeats = st.number_input("Send this text N times", min_value=1, value=1000, step=100, key="repeats")
priced = [
    {"tokenizer": row["tokenizer"], "this text ($)": cost(shown_tokens(s), price),
     f"× {repeats:,} ($)": cost(shown_tokens(s), price, repeats)}
    for row, s in zip(prices, stats)
    if (price := row["$ per 1M input tokens"]) is not None
]  # fmt: skip
if priced:
    st.dataframe(priced, hide_index=True, column_config={
        "this text ($)": st.column_config.NumberColumn(format="%.6f"),
        f"× {repeats:,} ($)": st.column_config.NumberColumn(format="%.2f"),
    })  # fmt: skip

st.subheader("Export")
# Written when clicked, not on every run: for 100,000 characters and four tokenizers the files
# are about 37 MB, which each session would otherwise hold for as long as the page is open.
# A click only downloads; rerunning the page would not change the file.
csv_col, json_col = st.columns(2)
csv_col.download_button("Tokens as CSV", lambda: segmentations_csv(segmentations), "tokenlab-segmentation.csv",
                        "text/csv", key="csv", on_click="ignore")  # fmt: skip
json_col.download_button("Tokens as JSON", lambda: segmentations_json(segmentations), "tokenlab-segmentation.json",
                         "application/json", key="json", on_click="ignore")  # fmt: skip
