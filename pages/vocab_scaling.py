"""Vocabulary size: the compute-optimal vocabulary for a model and budget, and what it costs."""

from __future__ import annotations

import streamlit as st

import tokenlab
from tokenlab.charts.scaling import isoloss_curve_chart, vocab_overlay_chart
from tokenlab.scaling import (
    APPROACH_METHODS,
    APPROACH_NUMBERS,
    FITTED_NON_VOCAB_PARAMS,
    compute_optimal_flops,
    embedding_dim,
    tokens_per_char,
)
from tokenlab.scaling.budget import flops_from_tokens, measured_chars_per_token, tokens_from_characters, udhr_english
from tokenlab.scaling.cost import DTYPE_BYTES, logits_bytes, vocabulary_cost
from tokenlab.scaling.models import ModelComparison, compare_model, compare_public_models, non_vocab_params_from_total
from tokenlab.scaling.recommendation import (
    extrapolation_warning,
    flat_basin,
    isoloss_curve,
    log_grid,
    optimal_vocab_params_curves,
    parse_count,
    recommend,
    short_count,
)
from tokenlab.text.markup import markdown_text
from tokenlab.text.share import TEXT_KEY_PARAM, is_text_key
from ui.links import copy_link, linked_text, text_from_link
from ui.state import cached_tokenizer, catalogue_names
from ui.tables import phone_first

SIZE_MODES = {"nnv": "Non-vocabulary parameters", "total": "Total parameters"}
BUDGET_MODES = {"optimal": "Compute-optimal", "flops": "FLOPs", "tokens": "Tokens", "chars": "Characters"}
BUDGET_EXAMPLES = {"flops": "1e22", "tokens": "2T", "chars": "8T"}
UDHR_LABEL = "English UDHR (bundled)"
#: Widget key -> query parameter, for the inputs cheap enough to keep in a shareable link.
LINKED = {
    "size_mode": "size",
    "nnv": "nnv",
    "total": "total",
    "vocab": "v",
    "d_model": "d",
    "tied": "tied",
    "budget_mode": "budget",
    "budget": "amount",
    "cpt_tokenizer": "cpt",
    "cpt_source": "on",
    "cpt_text": "text",
    "tolerance": "tol",
    "batch": "batch",
    "sequence": "seq",
    "dtype": "dtype",
}
DEFAULTS = {
    "size_mode": "nnv",
    "nnv": "7e9",
    "total": "7B",
    "vocab": 32000,
    "d_model": "4096",
    "tied": False,
    "budget_mode": "optimal",
    "budget": "",
    "cpt_tokenizer": "llama3",
    "cpt_source": UDHR_LABEL,
    "cpt_text": "",
    "tolerance": 0.1,
    "batch": 8,
    "sequence": 4096,
    "dtype": "bfloat16",
}
CHOICES = {"size_mode": SIZE_MODES, "budget_mode": BUDGET_MODES}
#: "Measured on" in a link: a short word for each choice.
SOURCES = {"udhr": UDHR_LABEL, "text": "My text"}
MIN_TOLERANCE, MAX_TOLERANCE = 0.001, 50.0
SOURCE = "Tao et al., NeurIPS 2024 (arXiv:2407.13623), constants of github.com/sail-sg/scaling-with-vocab"

names = catalogue_names()
catalogue = tokenlab.list_tokenizers()


def from_link(key: str, text: str) -> object:
    """A widget value from its query parameter; the default when the link's value is not one."""
    default = DEFAULTS[key]
    if key in CHOICES:
        return text if text in CHOICES[key] else default
    if key == "tied":
        return text == "1"
    if key in ("vocab", "batch", "sequence"):
        return int(text) if text.isdigit() and int(text) >= 1 else default
    if key == "tolerance":
        try:
            value = float(text)
        except ValueError:
            return default
        return value if MIN_TOLERANCE <= value <= MAX_TOLERANCE else default  # NaN is neither
    if key == "dtype":
        return text if text in DTYPE_BYTES else default
    if key == "cpt_tokenizer":
        return text if text in names else default
    if key == "cpt_source":
        return SOURCES.get(text, default)
    return text


def start_from_link() -> None:
    """On a session's first run, take the inputs from the URL (a shared link), else the defaults."""
    params = st.query_params.to_dict()
    st.session_state.update(
        {
            key: from_link(key, params[LINKED[key]]) if LINKED[key] in params else default
            for key, default in DEFAULTS.items()
        }
    )
    if "text" not in params and is_text_key(key := params.get(TEXT_KEY_PARAM, "")):
        # A long text, kept on the server; gone: measured on the English UDHR, said so.
        text, missing = text_from_link(key)
        st.session_state.update(cpt_text=text or "", cpt_missing=missing)
        if text is None:
            st.session_state.cpt_source = UDHR_LABEL


def keep_linked_state() -> None:
    """Keep every linked input, defaults for those never set: Streamlit forgets the value of a
    widget a run did not draw (one that stopped early at an error), and these widgets take
    their values from here, not from a `value=` of their own."""
    for key, default in DEFAULTS.items():
        st.session_state[key] = st.session_state.get(key, default)


def save_to_link() -> list[str]:
    """Every input that shapes the view, in the URL: the conversion tokenizer, what it was
    measured on and the text itself too when the budget is in characters (a long text as its
    key, kept on the server, as on the Segmentation page). Returns what the Copy link box says
    of the text."""
    state = st.session_state
    hidden = {"total" if state.size_mode == "nnv" else "nnv", "cpt_text"} | (
        {"budget"} if state.budget_mode == "optimal" else set()
    )
    if state.budget_mode != "chars":
        hidden |= {"cpt_tokenizer", "cpt_source"}
    params = {LINKED[key]: str(state.get(key, DEFAULTS[key])) for key in DEFAULTS if key not in hidden}
    params["tied"] = "1" if state.tied else "0"
    params["tol"] = f"{state.tolerance:g}"  # 0.15, not the 0.15000000000000002 of stepping up
    notes = []
    if "cpt_source" not in hidden:
        params["on"] = next(word for word, label in SOURCES.items() if label == state.get("cpt_source", UDHR_LABEL))
        if state.cpt_source != UDHR_LABEL:
            text_link, note = linked_text(state.get("cpt_text", ""), "The text measured on")
            params |= text_link
            notes.append(note)
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)
    return notes


@st.cache_data(show_spinner=False)
def public_comparisons() -> list[ModelComparison]:
    return compare_public_models(catalogue)


@st.cache_data(max_entries=32, show_spinner=False)
def chars_per_token(tokenizer_id: str, text: str) -> float:
    return measured_chars_per_token(cached_tokenizer(tokenizer_id), text)


def fail(message: str) -> None:
    results.error(markdown_text(message))
    st.stop()


if "size_mode" not in st.session_state:
    start_from_link()
keep_linked_state()

st.title("How large should the vocabulary be?")
st.caption(
    "The compute-optimal vocabulary for your model and training budget by the three approaches of "
    "*Scaling Laws with Vocabulary* (Tao et al., NeurIPS 2024), next to real models and what a larger "
    "vocabulary costs. Counts accept 7e9, 7B or 7,000,000,000."
)

inputs, results = st.columns([2, 3], gap="large")
with inputs.container(border=True):
    st.markdown("**Your model**")
    st.radio("Size given as", list(SIZE_MODES), format_func=SIZE_MODES.get, key="size_mode", horizontal=True)
    if st.session_state.size_mode == "nnv":
        st.text_input(
            "Non-vocabulary parameters N_nv", key="nnv", help="Everything except the embedding and output matrices."
        )
    else:
        st.text_input("Total parameters", key="total", help="Embeddings and output head included.")
    vocab_col, width_col = st.columns(2)
    vocab_col.number_input("Current V", key="vocab", step=1000, help="Your model's vocabulary size today.")
    width_col.text_input(
        "Width d_model",
        key="d_model",
        placeholder="the paper's width",
        help="Leave empty to use the paper's width for this size (utils.Nnv_to_d).",
    )
    st.toggle("Tied input and output embeddings", key="tied", help="One V×d matrix serves both ends (e.g. Gemma).")

budget_box = inputs.container(border=True)
with budget_box:
    st.markdown("**Training budget**")
    st.radio("Budget given as", list(BUDGET_MODES), format_func=BUDGET_MODES.get, key="budget_mode", horizontal=True)
    budget_mode: str = st.session_state.budget_mode
    if budget_mode != "optimal":
        st.text_input(
            f"Budget in {BUDGET_MODES[budget_mode].lower()}",
            key="budget",
            placeholder=f"e.g. {BUDGET_EXAMPLES[budget_mode]}",
        )
    if budget_mode == "chars":
        st.selectbox(
            "Tokenizer to convert characters to tokens",
            list(names),
            format_func=names.get,
            key="cpt_tokenizer",
        )
        st.radio("Measured on", [UDHR_LABEL, "My text"], key="cpt_source", horizontal=True)
        if st.session_state.cpt_source == "My text":
            st.text_area("Text to measure characters per token on", key="cpt_text", height=80)
        if missing := st.session_state.pop("cpt_missing", None):  # said once, when the link is opened
            st.warning(markdown_text(missing))
    if budget_mode == "optimal":
        st.caption("No budget: the compute-optimal one for the model size, C_opt = 143.9·N_nv² (Approach 1).")

copy_link(
    "the model's size, width, vocabulary and embeddings, the budget (for one in characters: the tokenizer, "
    "what it is measured on and the text), the flat-basin tolerance and the cost table's batch size, "
    "sequence length and dtype",
    save_to_link(),
)

try:
    d_given = parse_count(st.session_state.d_model, "d_model") if st.session_state.d_model.strip() else None
    vocab = st.session_state.vocab
    if st.session_state.size_mode == "nnv":
        n_nv = parse_count(st.session_state.nnv, "Non-vocabulary parameters")
        d_model = float(embedding_dim(n_nv)) if d_given is None else d_given
        derivation = f"N_nv = {short_count(n_nv)} as given"
    else:
        if d_given is None:
            fail("Enter d_model: deriving N_nv from the total needs the model's width.")
        total = parse_count(st.session_state.total, "Total parameters")
        n_nv = non_vocab_params_from_total(total, vocab, d_given, st.session_state.tied)
        d_model = d_given
        matrices = (
            "V·d (tied: one matrix)" if st.session_state.tied else "2·V·d (untied: input embedding and output head)"
        )
        derivation = (
            f"N_nv = total − {matrices} = {short_count(total)} − {short_count(total - n_nv)} = {short_count(n_nv)}"
        )
    width_note = f"d = {d_model:,.0f}" + (" (the paper's width for this size)" if d_given is None else "")

    flops = None
    budget_note = f"compute-optimal budget C_opt = {compute_optimal_flops(n_nv):.3g} FLOPs"
    if budget_mode != "optimal":
        amount = parse_count(st.session_state.budget, f"Budget in {BUDGET_MODES[budget_mode].lower()}")
        if budget_mode == "flops":
            flops = amount
            budget_note = f"budget C = {flops:.3g} FLOPs"
        elif budget_mode == "tokens":
            flops = flops_from_tokens(n_nv, vocab, d_model, amount)
            budget_note = (
                f"C = 6·(N_nv + V·d)·D at your V = {vocab:,} = {flops:.3g} FLOPs for {short_count(amount)} tokens"
            )
        else:
            tokenizer_id = st.session_state.cpt_tokenizer
            text = udhr_english() if st.session_state.cpt_source == UDHR_LABEL else st.session_state.get("cpt_text", "")
            measured = chars_per_token(tokenizer_id, text)
            tokenizer_vocab = tokenlab.tokenizer_info(tokenizer_id).vocab_size
            tokens = tokens_from_characters(amount, measured)
            flops = flops_from_tokens(n_nv, tokenizer_vocab, d_model, tokens)
            budget_box.info(
                f"{names[tokenizer_id]} measures **{measured:.2f} characters/token** on "
                f"{'the English UDHR' if st.session_state.cpt_source == UDHR_LABEL else 'your text'}; the paper's "
                f"f(V) predicts {1 / tokens_per_char(tokenizer_vocab):.2f} at its V = {tokenizer_vocab:,} (English "
                f"SlimPajama BPE). {short_count(amount)} characters → {short_count(tokens)} tokens → "
                f"C = 6·(N_nv + V·d)·D = {flops:.3g} FLOPs at V = {tokenizer_vocab:,}."
            )
            budget_note = f"budget C = {flops:.3g} FLOPs from {short_count(amount)} characters"
    answers = recommend(n_nv, flops, d_model)
    isoloss = answers[-1]
    basin_tolerance = st.session_state.tolerance / 100
    basin = flat_basin(n_nv, d_model, flops or compute_optimal_flops(n_nv), basin_tolerance)
    user_model = compare_model("Your model", vocab, d_model, n_nv, st.session_state.tied)
except (ValueError, tokenlab.TokenlabError) as error:
    fail(str(error))

with results:
    st.subheader("Recommended vocabulary")
    for column, answer in zip(st.columns(len(answers)), answers, strict=True):
        if answer.vocab_size is None:
            column.metric(APPROACH_NUMBERS[answer.approach], "—", help=markdown_text(answer.note))
            column.caption(f"{APPROACH_METHODS[answer.approach]}: {markdown_text(answer.note)}.")
        else:
            column.metric(
                APPROACH_NUMBERS[answer.approach],
                f"{int(answer.vocab_size):,}",
                help=f"{answer.label}: N_v = V·d = {short_count(answer.vocab_params)} parameters",
            )
            column.caption(f"{APPROACH_METHODS[answer.approach]} · {answer.vocab_size / vocab:.2f}× your V")
    given = [answer.vocab_size for answer in answers if answer.vocab_size is not None]
    st.caption(
        f"{derivation}; {width_note}; {budget_note}. Range across approaches: {short_count(min(given))}–"
        f"{short_count(max(given))}; Approach 3's flat basin (loss within {basin_tolerance:.2%} of its optimum): "
        f"{short_count(basin[0])}–{short_count(basin[1])}. V is truncated with int() as in the reference code."
    )
    if warning := extrapolation_warning(n_nv):
        st.warning(warning)

    budget_flops = flops or compute_optimal_flops(n_nv)
    vocab_grid = log_grid(min(1_000, basin[0] / 2), max(2_000_000, basin[1] * 2), 200)
    markers = {names[info.id]: info.vocab_size for info in catalogue}
    marker_losses = dict(zip(markers, isoloss_curve(n_nv, d_model, budget_flops, list(markers.values())), strict=True))
    st.plotly_chart(
        isoloss_curve_chart(
            vocab_grid,
            isoloss_curve(n_nv, d_model, budget_flops, vocab_grid),
            optimum=(isoloss.vocab_size, isoloss_curve(n_nv, d_model, budget_flops, [isoloss.vocab_size])[0]),
            basin=basin,
            tolerance=basin_tolerance,
            markers={label: (markers[label], marker_losses[label]) for label in markers},
            user_vocab=(vocab, isoloss_curve(n_nv, d_model, budget_flops, [vocab])[0]),
        ),
        width="stretch",
    )
    st.caption(
        f"Approach 3: L_u = −E + A1/N_nv^α1 + A2/N_v^α2 + B/D^β at C = {budget_flops:.3g} FLOPs, "
        f"D = C / (6·(N_nv + V·d)), d = {d_model:,.0f}; diamonds: the bundled tokenizers' vocabulary sizes. "
        f"Source: {SOURCE} (approach3_isoloss.py)."
    )
    st.number_input(
        "Flat-basin tolerance (% of the optimal loss)",
        min_value=MIN_TOLERANCE,
        max_value=MAX_TOLERANCE,
        step=0.05,
        format="%.3f",
        key="tolerance",
    )

st.subheader("Where real models sit")
grid, curves = optimal_vocab_params_curves(1e7, 1e12)
comparisons = public_comparisons()
st.plotly_chart(vocab_overlay_chart(grid, curves, comparisons, user_model, FITTED_NON_VOCAB_PARAMS), width="stretch")
unplotted = sorted(
    {names[info.id] for info in catalogue} - {names[c.tokenizer_id] for c in comparisons if c.tokenizer_id}
)
st.caption(
    "Like the paper's Figure 1 (right): N_nv = nominal size − 2·V·d (untied) or − V·d (tied: Gemma 2), N_v = V·d "
    "with each model's real config V and d; none of these models is a mixture of experts. Diamonds use a bundled "
    "tokenizer. Bundled tokenizers without model sizes in the reference sit on the loss chart only: "
    f"{', '.join(unplotted)}. "
    f"Source: {SOURCE} (optimal_Nv_predict.py)."
)

st.subheader("What the vocabulary costs")
batch_col, sequence_col, dtype_col = st.columns(3)
batch = batch_col.number_input("Batch size", min_value=1, key="batch")
sequence = sequence_col.number_input("Sequence length", min_value=1, step=1024, key="sequence")
dtype = dtype_col.selectbox("Logits dtype", list(DTYPE_BYTES), key="dtype")
candidates = {"your V": vocab} | {APPROACH_NUMBERS[a.approach]: a.vocab_size for a in answers if a.vocab_size}
costs = {label: vocabulary_cost(n_nv, size, d_model, st.session_state.tied) for label, size in candidates.items()}
cost_rows = [
    {
        "vocabulary": label,
        "V": int(cost.vocab_size),
        "emb. + output params": cost.vocab_matrix_params,
        "param share": cost.vocab_share,
        "output FLOPs/tok": cost.output_flops_per_token,
        "other FLOPs/tok": cost.rest_flops_per_token,
        "output FLOP share": cost.output_flops_share,
        "logits GB": logits_bytes(batch, sequence, cost.vocab_size, dtype) / 1e9,
    }
    for label, cost in costs.items()
]
cost_order, cost_columns = phone_first(
    list(cost_rows[0]),
    ("vocabulary", "V", "param share"),
    {
        "V": st.column_config.NumberColumn(format="localized"),
        "emb. + output params": st.column_config.NumberColumn(format="compact"),
        "param share": st.column_config.NumberColumn(format="percent"),
        "output FLOPs/tok": st.column_config.NumberColumn(format="compact", help="2·d·V, forward"),
        "other FLOPs/tok": st.column_config.NumberColumn(
            format="compact", help="2·N_nv, forward; attention over the context not counted"
        ),
        "output FLOP share": st.column_config.NumberColumn(format="percent"),
        "logits GB": st.column_config.NumberColumn(format="%.2f", help="batch × sequence × V × bytes of the dtype"),
    },
)
st.dataframe(cost_rows, hide_index=True, width="stretch", column_order=cost_order, column_config=cost_columns)
st.caption(
    "Embedding + output: 2·V·d untied, V·d tied. FLOPs per token of one forward pass (2·d·V for the output "
    "projection, 2·N_nv for the rest); training costs about 3× that. Logits: batch × sequence × V × "
    f"{DTYPE_BYTES[dtype]} bytes, "
    "the tensor memory-efficient cross-entropy and vocabulary parallelism avoid materialising."
)

st.subheader("Models and their compute-optimal vocabularies")
optimal_columns = {a: f"optimal V ({number.replace('Approach', 'App.')})" for a, number in APPROACH_NUMBERS.items()}
model_rows = [
    {
        "model": c.name,
        "tokenizer": c.tokenizer_id or "",
        "V": int(c.vocab_size),
        "d": c.d_model,
        "N_nv": c.non_vocab_params,
        "embeddings": "tied" if c.tied_embeddings else "untied",
        **{column: int(c.optimal_vocab_sizes[a]) for a, column in optimal_columns.items()},
        "actual/optimal (App. 3)": c.ratio(),
    }
    for c in [user_model, *comparisons]
]
model_order, model_columns = phone_first(
    list(model_rows[0]),
    ("model", "V", "actual/optimal (App. 3)"),
    {
        "V": st.column_config.NumberColumn(format="localized"),
        "d": st.column_config.NumberColumn(format="localized"),
        "N_nv": st.column_config.NumberColumn(format="compact"),
        **{column: st.column_config.NumberColumn(format="localized") for column in optimal_columns.values()},
        "actual/optimal (App. 3)": st.column_config.NumberColumn(format="%.2f×"),
    },
)
st.dataframe(
    model_rows,
    hide_index=True,
    width="stretch",
    height=35 * (len(comparisons) + 2) + 3,
    column_order=model_order,
    column_config=model_columns,
)
st.caption(f"Compute-optimal budgets, each model at its own d. Source: {SOURCE}; model configs as listed there.")
