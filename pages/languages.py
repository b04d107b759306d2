"""Languages: what the same text costs in each language, per tokenizer, and why."""

from __future__ import annotations

import polars as pl
import streamlit as st

import tokenlab
from tokenlab import settings
from tokenlab.charts.languages import (
    comparison_bars,
    language_heatmap,
    language_map,
    map_config,
    metric_caption,
    ranked_bars,
)
from tokenlab.corpora import udhr_languages, udhr_versions
from tokenlab.metrics.corpus_metrics import parity_gini
from tokenlab.metrics.fairness import fragmented_words, language_table
from tokenlab.metrics.languages import (
    FLAG_LEGEND,
    FLAG_MARK,
    LANGUAGE_METRICS,
    NOT_COMPARED,
    compare_tokenizers,
    script_summary,
    shown_languages,
    worst_served,
    worst_served_grid,
)
from tokenlab.text.markup import markdown_text
from tokenlab.text.render import segmentation_html
from tokenlab.text.stats import count_units
from tokenlab.text.unicode_scripts import SCRIPT_NAMES
from tokenlab.text.word_units import UNIT_LABELS
from ui.hub import hub_adder, tokenizer_options
from ui.links import copy_link
from ui.results import download_buttons, profile, require_tokenizers
from ui.state import cached_segmentation, counted_with, hub_tokenizers, static_url
from ui.tables import phone_first

# Tokenizers that read every curated language: BERT (Thai, Lao, Khmer... as [UNK]) is one pick away.
DEFAULT_TOKENIZERS = ["o200k_base", "cl100k_base", "llama3", "qwen3", "gemma3", "mistral-v1"]
LANGUAGE_SETS = {
    "curated": f"Curated ({len(udhr_versions(subset=True))} languages)",
    "all": f"All UDHR versions ({len(udhr_versions())})",
}
SET_CORPUS = {"curated": "udhr-subset", "all": "udhr"}
COMPARE_DEFAULT = ("cl100k_base", "o200k_base")
WORST_SHOWN = 10
#: How many languages the heatmap and the ranked bars may show: all of a set up to 120 (18 px
#: a row), else the worst served 60 at first; a search finds any other.
CHART_TOPS = (30, 60, 120, 0)  # 0: all (a selectbox shows None as "nothing chosen")
ALL_IN_CHARTS_UP_TO = 120
PANELS_PER_ROW = 3

names = tokenizer_options("lang_tokenizers")


@st.cache_data(show_spinner=False)
def scripts_of(language_set: str) -> dict[str, str]:
    """Script code -> "Latin (55)", most languages first, for the script filter."""
    counts = udhr_languages(subset=language_set == "curated").get_column("script").value_counts(sort=True)
    return {code: f"{SCRIPT_NAMES.get(code, code)} ({n})" for code, n in counts.iter_rows()}


def start_from_link() -> None:
    """On a session's first run, take the state from the URL (a shared link), else the defaults."""
    params = st.query_params.to_dict()
    tokenizers = [t for t in params.get("tok", "").split(",") if t in names] if "tok" in params else DEFAULT_TOKENIZERS
    language_set = params.get("set") if params.get("set") in LANGUAGE_SETS else "curated"
    scripts = [s for s in params.get("scripts", "").split(",") if s in scripts_of(language_set)]
    pair = [
        t if t in names else d
        for t, d in zip([*params.get("ab", "").split(","), "", ""], COMPARE_DEFAULT, strict=False)
    ]
    st.session_state.update(
        lang_tokenizers=tokenizers,
        lang_metric=params.get("metric") if params.get("metric") in LANGUAGE_METRICS else "parity",
        lang_set=language_set,
        lang_scripts=scripts,
        lang_reference=params.get("ref", "eng"),
        lang_a=pair[0],
        lang_b=pair[1],
    )


def save_to_link() -> None:
    state = st.session_state
    hub = hub_tokenizers()  # a session's own, not part of links
    pair = [t if t not in hub else d for t, d in zip((state.lang_a, state.lang_b), COMPARE_DEFAULT, strict=True)]
    params = {
        "tok": ",".join(t for t in state.lang_tokenizers if t not in hub),
        "metric": state.lang_metric,
        "set": state.lang_set,
        "ref": state.lang_reference,
        "ab": ",".join(pair),
    }
    if state.lang_scripts:
        params["scripts"] = ",".join(state.lang_scripts)
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)


@st.cache_data(max_entries=64, show_spinner=False)
def metric_table(
    _profile: tokenlab.Profile,
    keys: tuple[str, ...],
    corpus_hash: str,
    metric: str,
    reference: str,
    groups: tuple[str, ...],
) -> pl.DataFrame:
    """`language_table`, cached per request (the profile's cache keys stand for its counts)."""
    return language_table(_profile, metric, reference, list(groups) or None)


def cached_table(result: tokenlab.Profile, metric: str, reference: str, groups: list[str]) -> pl.DataFrame:
    return metric_table(
        result, tuple(result.tokenizer_keys.values()), result.corpus_hash, metric, reference, tuple(groups)
    )


if "lang_tokenizers" not in st.session_state:
    start_from_link()

st.title("What does the same text cost in each language?")
st.caption(
    "The 30 articles of the Universal Declaration of Human Rights, in many languages, counted by each tokenizer. "
    "Pick tokenizers, a metric and languages; hover any chart for the numbers, the articles they rest on and "
    "the tokenizer's coverage of the language."
)

pick_tokenizers, pick_metric = st.columns([3, 2])
pick_tokenizers.multiselect("Tokenizers", list(names), key="lang_tokenizers", format_func=names.get)
pick_metric.selectbox(
    "Metric",
    list(LANGUAGE_METRICS),
    key="lang_metric",
    format_func=lambda m: f"{LANGUAGE_METRICS[m].label} ({LANGUAGE_METRICS[m].unit})",
)
pick_set, pick_scripts, pick_reference = st.columns([2, 2, 1])
pick_set.radio("Languages", list(LANGUAGE_SETS), key="lang_set", format_func=LANGUAGE_SETS.get, horizontal=True)
script_choices = scripts_of(st.session_state.lang_set)
st.session_state.lang_scripts = [s for s in st.session_state.lang_scripts if s in script_choices]
pick_scripts.multiselect(
    "Only these scripts",
    list(script_choices),
    key="lang_scripts",
    format_func=script_choices.get,
    placeholder="All scripts",
)

corpus = tokenlab.load_corpus(SET_CORPUS[st.session_state.lang_set])
meta = corpus.groups
language_names = dict(zip(meta.get_column("group"), meta.get_column("name"), strict=True))
if st.session_state.lang_reference not in language_names:
    st.session_state.lang_reference = "eng"
pick_reference.selectbox(
    "Reference language",
    list(language_names),
    key="lang_reference",
    format_func=language_names.get,
    disabled=st.session_state.lang_metric != "parity",
    help="Parity divides each language's tokens by this language's tokens for the same articles.",
)
hub_adder("lang_tokenizers")
save_to_link()
copy_link(
    "the tokenizers, the measure, the language set, the scripts, the reference language and the pair compared "
    "from A to B",
    [
        "The charts' language count and search, the tokenizer ranked and mapped and the language looked at up "
        "close stay out of it.",
    ],
)

chosen: list[str] = st.session_state.lang_tokenizers
metric: str = st.session_state.lang_metric
spec = LANGUAGE_METRICS[metric]
reference: str = st.session_state.lang_reference
scripts: list[str] = st.session_state.lang_scripts
groups = meta.filter(pl.col("script").is_in(scripts)).get_column("group").to_list() if scripts else []

require_tokenizers(chosen)

try:
    result = profile(corpus, counted_with(chosen))
    table = cached_table(result, metric, reference, groups)
except tokenlab.TokenlabError as error:
    st.error(markdown_text(str(error)))
    st.stop()
if table.is_empty():
    st.info("No language matches these choices; pick another script or language set.")
    st.stop()

caption = metric_caption(metric, reference)
languages = table.get_column("group").n_unique()
st.subheader(
    f"{spec.label}: {languages} language{'' if languages == 1 else 's'} × {len(chosen)} "
    f"tokenizer{'' if len(chosen) == 1 else 's'}"
)
flagged = table.filter(pl.col("flagged"))
if flagged.height and metric != "coverage":
    worst_pairs = ", ".join(
        f"{names.get(t, t)} × {n} ({100 * c:.0f}%)"
        for t, n, c in flagged.sort("coverage").head(6).select("tokenizer", "name", "coverage").iter_rows()
    )
    st.warning(
        f"{FLAG_MARK} {flagged.height} tokenizer × language pair{'' if flagged.height == 1 else 's'} with coverage "
        f"below {settings.MIN_COVERAGE:.0%} (unknown tokens, or characters the normalizer drops), shown grey and "
        f"left out of rankings, the Gini and worst served: {markdown_text(worst_pairs)}"
        + ("…" if flagged.height > 6 else ".")
    )
if st.session_state.get("_lang_top_for") != st.session_state.lang_set:  # a new set: a legible default
    st.session_state.lang_top = 0 if languages <= ALL_IN_CHARTS_UP_TO else 60
    st.session_state._lang_top_for = st.session_state.lang_set
top_col, find_col = st.columns([1, 2])
top_col.selectbox(
    "Languages in the charts",
    CHART_TOPS,
    key="lang_top",
    format_func=lambda top: f"the {top} worst served" if top else "all",
)
find_col.text_input("Find languages (name or code)", key="lang_find", placeholder="e.g. Swahili, yor, Quechua")
charted = shown_languages(table, st.session_state.lang_top or None, spec.higher_is_worse, st.session_state.lang_find)
if charted.is_empty():
    st.info("No language here matches that search; the table and downloads below hold every language.")
    st.stop()
charted_count = charted.get_column("group").n_unique()
if charted_count < languages:
    st.caption(
        f"The charts show {charted_count} of the {languages} languages; the table of every figure and the "
        "downloads hold all of them."
    )
st.plotly_chart(language_heatmap(charted, metric, names), width="stretch", key="lang_heatmap")
st.caption(caption)
short = table.filter(pl.col("articles") < 30).select("group", "name", "articles").unique("group").sort("articles")
if short.height:
    st.caption(
        f"Articles behind each figure are in its hover and in the table below; {short.height} of these versions "
        "have fewer than 30 (a translation missing or an article left out for a placeholder)"
        + (
            f", and parity needs {settings.MIN_PARITY_ARTICLES} shared with the reference."
            if metric == "parity"
            else "."
        )
    )
with st.expander("Every figure: value, interval, word unit, articles, coverage"):
    figures = table.select(
        "name", "tokenizer", "value", "ci_low", "ci_high", "word_unit", "articles", "coverage", "note"
    ).with_columns(pl.col("tokenizer").replace(names))
    order, columns = phone_first(
        figures.columns,
        ("name", "tokenizer", "value"),
        {
            "value": st.column_config.NumberColumn(f"{spec.label} ({spec.unit})", format="%.3f"),
            "ci_low": st.column_config.NumberColumn("95% CI low", format="%.3f"),
            "ci_high": st.column_config.NumberColumn("95% CI high", format="%.3f"),
            "word_unit": "word unit",
            "coverage": st.column_config.ProgressColumn("coverage", format="percent", min_value=0, max_value=1),
            "note": "why not ranked",
        },
    )
    st.dataframe(
        figures, hide_index=True, width="stretch", key="lang_figures", column_order=order, column_config=columns
    )
download_buttons(table, f"languages-{metric}", "lang_table")
if metric == "parity":
    gini = parity_gini(table.rename({"value": "parity"}))
    st.markdown("**Gini coefficient of parity** (0 = every language costs the same as every other)")
    st.dataframe(
        gini.with_columns(pl.col("tokenizer").replace(names)),
        hide_index=True,
        key="lang_gini",
        column_config={
            "languages": st.column_config.NumberColumn("languages in it"),
            "left_out": st.column_config.NumberColumn(f"left out (coverage < {settings.MIN_COVERAGE:.0%})"),
            "gini": st.column_config.NumberColumn("Gini", format="%.3f"),
        },
    )
    st.caption(
        f"Over the languages other than the reference ({language_names.get(reference, reference)}), whose parity "
        f"rests on at least {settings.MIN_PARITY_ARTICLES} articles and whose coverage is at least "
        f"{settings.MIN_COVERAGE:.0%}."
    )

st.subheader("One tokenizer, ranked and on the map")
for key in ("lang_focus", "lang_drill_tokenizer"):
    if st.session_state.get(key) not in chosen:
        st.session_state[key] = chosen[0]
focus = st.selectbox("Tokenizer", chosen, key="lang_focus", format_func=names.get)
bars, world = st.columns([2, 3])
bars.plotly_chart(ranked_bars(charted, focus, metric, names.get(focus)), width="stretch", key="lang_bars")
world.plotly_chart(
    language_map(table, focus, metric, names.get(focus)),
    width="stretch",
    key="lang_map",
    config=map_config(static_url("topojson/")),
)
world.caption(
    caption + " Markers sit at each language's UDHR coordinates; the country outlines (Natural Earth) are served "
    "by this app, so the map needs no internet access."
)

st.subheader("By script")
by_script = script_summary(table)
order, columns = phone_first(
    by_script.columns,
    ("script_name", *[t for t in chosen if t in by_script.columns][:2]),
    {
        "script_name": "script name",
        **{t: st.column_config.NumberColumn(names.get(t, t), format="%.2f") for t in chosen},
    },
)
st.dataframe(by_script, hide_index=True, width="stretch", column_order=order, column_config=columns)
st.caption(
    f"Median {spec.label.lower()} ({spec.unit}) of each script's languages, per tokenizer; pairs with coverage "
    f"below {settings.MIN_COVERAGE:.0%} are left out of the median."
)
download_buttons(by_script, f"scripts-{metric}", "lang_scripts_table")

st.subheader("Worst served languages")
worst = worst_served(table, WORST_SHOWN, spec.higher_is_worse)
grid = worst_served_grid(worst)
worst_grid = grid.rename({t: names.get(t, t) for t in chosen if t in grid.columns})
order, columns = phone_first(worst_grid.columns, worst_grid.columns[:3], label_px=50, value_px=150)
st.dataframe(worst_grid, hide_index=True, width="stretch", column_order=order, column_config=columns)
st.caption(
    f"The {WORST_SHOWN} languages with the {'highest' if spec.higher_is_worse else 'lowest'} "
    f"{spec.label.lower()} ({spec.unit}) for each tokenizer, worst first. {FLAG_LEGEND}: "
    f"{flagged.height} pair{'' if flagged.height == 1 else 's'} here."
)
download_buttons(worst, f"worst-served-{metric}", "lang_worst")

st.subheader("From one tokenizer to another")
pick_a, pick_b = st.columns(2)
pick_a.selectbox("From (A)", list(names), key="lang_a", format_func=names.get)
pick_b.selectbox("To (B)", list(names), key="lang_b", format_func=names.get)
a, b = st.session_state.lang_a, st.session_state.lang_b
if a == b:
    st.info("Pick two different tokenizers to compare.")
else:
    try:
        pair = cached_table(profile(corpus, counted_with([a, b])), "chars_per_token", reference, groups)
    except tokenlab.TokenlabError as error:
        st.error(markdown_text(str(error)))
        st.stop()
    comparison = compare_tokenizers(pair, a, b)
    verdicts = dict(comparison.get_column("verdict").value_counts().iter_rows())
    st.markdown(
        f"Going from **{markdown_text(names[a])}** to **{markdown_text(names[b])}**: "
        f"{verdicts.get('cheaper', 0)} languages get cheaper, "
        f"{verdicts.get('dearer', 0)} dearer, {verdicts.get('same', 0)} stay within 1%"
        + (
            f"; {verdicts[NOT_COMPARED]} not compared, their coverage below {settings.MIN_COVERAGE:.0%} with "
            f"A or B ({FLAG_MARK}, grey)."
            if verdicts.get(NOT_COMPARED)
            else "."
        )
    )
    st.plotly_chart(comparison_bars(comparison, names[a], names[b]), width="stretch", key="lang_compare")
    st.caption(
        "Tokens B needs for the same UDHR articles, divided by the tokens A needs; < 1 is cheaper with B. "
        "Source: UDHR articles 1-30, counted by tokenlab."
    )
    download_buttons(comparison, f"compare-{a}-{b}", "lang_compare_table")

st.subheader("Why: one language up close")
pick_language, pick_tokenizer, pick_article = st.columns([2, 2, 1])
ranked = table.filter(pl.col("tokenizer") == focus).sort("value", descending=spec.higher_is_worse)
drill_choices = ranked.get_column("group").to_list()
if st.session_state.get("lang_drill") not in drill_choices:
    st.session_state.lang_drill = drill_choices[0]
drill = pick_language.selectbox("Language", drill_choices, key="lang_drill", format_func=language_names.get)
drill_tokenizer = pick_tokenizer.selectbox("Tokenizer", chosen, key="lang_drill_tokenizer", format_func=names.get)
articles = corpus.documents.filter(pl.col("group") == drill)
article = pick_article.selectbox("Article", articles.get_column("part").to_list(), key="lang_article")
whole = "\n".join(articles.get_column("text").to_list())
words = fragmented_words(cached_segmentation(drill_tokenizer, whole))
_, choice = count_units(whole)
st.markdown(
    f"**Most fragmented words of {language_names[drill]} with {markdown_text(names[drill_tokenizer])}** "
    f"(all {articles.height} articles; a unit is a {UNIT_LABELS[choice.unit]}: {choice.reason})"
)
if words.is_empty():
    st.info("No word of this language is split into more than one token by this tokenizer.")
else:
    st.dataframe(words, hide_index=True, width="stretch")
    download_buttons(
        words.with_columns(tokenizer=pl.lit(drill_tokenizer), group=pl.lit(drill)),
        f"fragmented-{drill}-{drill_tokenizer}",
        "lang_words",
    )
st.markdown(f"**Article {article} of {language_names[drill]}, segmented by each tokenizer**")
text = articles.filter(pl.col("part") == article).get_column("text").item()
for row_start in range(0, len(chosen), PANELS_PER_ROW):
    for column, tokenizer_id in zip(
        st.columns(PANELS_PER_ROW), chosen[row_start : row_start + PANELS_PER_ROW], strict=False
    ):
        segmentation = cached_segmentation(tokenizer_id, text)
        with column.container(border=True):
            st.markdown(f"**{markdown_text(names[tokenizer_id])}** · {len(segmentation):,} tokens")
            st.html(segmentation_html(segmentation, max_tokens=settings.MAX_RENDERED_TOKENS))
