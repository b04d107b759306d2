"""Languages: what the same text costs in each language, per tokenizer, and why."""

from __future__ import annotations

import polars as pl
import streamlit as st

import tokenlab
from ui.state import cached_segmentation, catalogue_names
from ui.results import download_buttons, profile, require_tokenizers
from tokenlab import settings
from tokenlab.corpora import udhr_languages
from tokenlab.fairness import (
    LANGUAGE_METRICS, compare_tokenizers, fragmented_words, language_table, script_summary, worst_served,
    worst_served_grid,
)  # fmt: skip
from tokenlab.language_charts import comparison_bars, language_heatmap, language_map, metric_caption, ranked_bars
from tokenlab.render import segmentation_html
from tokenlab.unicode_scripts import SCRIPT_NAMES

DEFAULT_TOKENIZERS = ["o200k_base", "llama3", "qwen3", "gemma3", "mistral-v1", "bert-base-uncased"]
LANGUAGE_SETS = {"curated": "Curated (97 languages)", "all": "All UDHR versions (532)"}
SET_CORPUS = {"curated": "udhr-subset", "all": "udhr"}
COMPARE_DEFAULT = ("cl100k_base", "o200k_base")
WORST_SHOWN = 10
PANELS_PER_ROW = 3

names = catalogue_names()


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
    pair = [t if t in names else d for t, d in zip(params.get("ab", "").split(",") + ["", ""], COMPARE_DEFAULT)]
    st.session_state.update(
        lang_tokenizers=tokenizers, lang_metric=params.get("metric") if params.get("metric") in LANGUAGE_METRICS
        else "parity", lang_set=language_set, lang_scripts=scripts, lang_reference=params.get("ref", "eng"),
        lang_a=pair[0], lang_b=pair[1],
    )  # fmt: skip


def save_to_link() -> None:
    state = st.session_state
    params = {"tok": ",".join(state.lang_tokenizers), "metric": state.lang_metric, "set": state.lang_set,
              "ref": state.lang_reference, "ab": f"{state.lang_a},{state.lang_b}"}
    if state.lang_scripts:
        params["scripts"] = ",".join(state.lang_scripts)
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)


@st.cache_data(max_entries=64, show_spinner=False)
def metric_table(_profile: tokenlab.Profile, keys: tuple[str, ...], corpus_hash: str, metric: str, reference: str,
                 groups: tuple[str, ...]) -> pl.DataFrame:
    """`language_table`, cached per request (the profile's cache keys stand for its counts)."""
    return language_table(_profile, metric, reference, list(groups) or None)


def cached_table(result: tokenlab.Profile, metric: str, reference: str, groups: list[str]) -> pl.DataFrame:
    return metric_table(result, tuple(result.tokenizer_keys.values()), result.corpus_hash, metric, reference,
                        tuple(groups))


if "lang_tokenizers" not in st.session_state:
    start_from_link()

st.title("What does the same text cost in each language?")
st.caption("The 30 articles of the Universal Declaration of Human Rights, in many languages, counted by each tokenizer. "
           "Pick tokenizers, a metric and languages; hover any chart for the numbers.")  # fmt: skip

pick_tokenizers, pick_metric = st.columns([3, 2])
pick_tokenizers.multiselect("Tokenizers", list(names), key="lang_tokenizers", format_func=names.get)
pick_metric.selectbox("Metric", list(LANGUAGE_METRICS), key="lang_metric",
                      format_func=lambda m: f"{LANGUAGE_METRICS[m].label} ({LANGUAGE_METRICS[m].unit})")
pick_set, pick_scripts, pick_reference = st.columns([2, 2, 1])
pick_set.radio("Languages", list(LANGUAGE_SETS), key="lang_set", format_func=LANGUAGE_SETS.get, horizontal=True)
script_choices = scripts_of(st.session_state.lang_set)
st.session_state.lang_scripts = [s for s in st.session_state.lang_scripts if s in script_choices]
pick_scripts.multiselect("Only these scripts", list(script_choices), key="lang_scripts",
                         format_func=script_choices.get, placeholder="All scripts")

corpus = tokenlab.load_corpus(SET_CORPUS[st.session_state.lang_set])
meta = corpus.groups
language_names = dict(zip(meta.get_column("group"), meta.get_column("name")))
if st.session_state.lang_reference not in language_names:
    st.session_state.lang_reference = "eng"
pick_reference.selectbox("Reference language", list(language_names), key="lang_reference",
                         format_func=language_names.get, disabled=st.session_state.lang_metric != "parity",
                         help="Parity divides each language's tokens by this language's tokens for the same articles.")
save_to_link()

chosen: list[str] = st.session_state.lang_tokenizers
metric: str = st.session_state.lang_metric
spec = LANGUAGE_METRICS[metric]
reference: str = st.session_state.lang_reference
scripts: list[str] = st.session_state.lang_scripts
groups = meta.filter(pl.col("script").is_in(scripts)).get_column("group").to_list() if scripts else []

require_tokenizers(chosen)

try:
    result = profile(corpus, chosen)
    table = cached_table(result, metric, reference, groups)
except tokenlab.TokenlabError as error:
    st.error(str(error))
    st.stop()
if table.is_empty():
    st.info("No language matches these choices; pick another script or language set.")
    st.stop()

caption = metric_caption(metric, reference)
languages = table.get_column("group").n_unique()
st.subheader(f"{spec.label}: {languages} language{'' if languages == 1 else 's'} × {len(chosen)} tokenizer{'' if len(chosen) == 1 else 's'}")
st.plotly_chart(language_heatmap(table, metric, names), width="stretch", key="lang_heatmap")
st.caption(caption)
download_buttons(table, f"languages-{metric}", "lang_table")

st.subheader("One tokenizer, ranked and on the map")
for key in ("lang_focus", "lang_drill_tokenizer"):
    if st.session_state.get(key) not in chosen:
        st.session_state[key] = chosen[0]
focus = st.selectbox("Tokenizer", chosen, key="lang_focus", format_func=names.get)
bars, world = st.columns([2, 3])
bars.plotly_chart(ranked_bars(table, focus, metric, names.get(focus)), width="stretch", key="lang_bars")
world.plotly_chart(language_map(table, focus, metric, names.get(focus)), width="stretch", key="lang_map")
world.caption(caption + " Markers sit at each language's UDHR coordinates; no country outlines are drawn, "
              "so the page needs no internet access.")

st.subheader("By script")
by_script = script_summary(table)
st.dataframe(by_script, hide_index=True, width="stretch", column_config={
    "script_name": "script name", **{t: st.column_config.NumberColumn(names.get(t, t), format="%.2f") for t in chosen},
})  # fmt: skip
st.caption(f"Median {spec.label.lower()} ({spec.unit}) of each script's languages, per tokenizer.")
download_buttons(by_script, f"scripts-{metric}", "lang_scripts_table")

st.subheader("Worst served languages")
worst = worst_served(table, WORST_SHOWN, spec.higher_is_worse)
grid = worst_served_grid(worst)
st.dataframe(grid.rename({t: names.get(t, t) for t in chosen if t in grid.columns}), hide_index=True,
             width="stretch")  # fmt: skip
st.caption(f"The {WORST_SHOWN} languages with the {'highest' if spec.higher_is_worse else 'lowest'} "
           f"{spec.label.lower()} ({spec.unit}) for each tokenizer, worst first.")
download_buttons(worst, f"worst-served-{metric}", "lang_worst")

st.subheader("From one tokenizer to another")
pick_a, pick_b = st.columns(2)
pick_a.selectbox("From (A)", list(names), key="lang_a", format_func=names.get)
pick_b.selectbox("To (B)", list(names), key="lang_b", format_func=names.get)
a, b = st.session_state.lang_a, st.session_state.lang_b
if a == b:
    st.info("Pick two different tokenizers to compare.")
else:
    pair = cached_table(profile(corpus, [a, b]), "chars_per_token", reference, groups)
    comparison = compare_tokenizers(pair, a, b)
    verdicts = dict(comparison.get_column("verdict").value_counts().iter_rows())
    st.markdown(f"Going from **{names[a]}** to **{names[b]}**: {verdicts.get('cheaper', 0)} languages get cheaper, "
                f"{verdicts.get('dearer', 0)} dearer, {verdicts.get('same', 0)} stay within 1%.")
    st.plotly_chart(comparison_bars(comparison, names[a], names[b]), width="stretch", key="lang_compare")
    st.caption("Tokens B needs for the same UDHR articles, divided by the tokens A needs; < 1 is cheaper with B. "
               "Source: UDHR articles 1-30, counted by tokenlab.")
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
st.markdown(f"**Most fragmented words of {language_names[drill]} with {names[drill_tokenizer]}** "
            "(all 30 articles; a word is a whitespace-separated word, or a character in unspaced scripts)")
if words.is_empty():
    st.info("No word of this language is split into more than one token by this tokenizer.")
else:
    st.dataframe(words, hide_index=True, width="stretch")
    download_buttons(words.with_columns(tokenizer=pl.lit(drill_tokenizer), group=pl.lit(drill)),
                     f"fragmented-{drill}-{drill_tokenizer}", "lang_words")
st.markdown(f"**Article {article} of {language_names[drill]}, segmented by each tokenizer**")
text = articles.filter(pl.col("part") == article).get_column("text").item()
for row_start in range(0, len(chosen), PANELS_PER_ROW):
    for column, tokenizer_id in zip(st.columns(PANELS_PER_ROW), chosen[row_start:row_start + PANELS_PER_ROW]):
        segmentation = cached_segmentation(tokenizer_id, text)
        with column.container(border=True):
            st.markdown(f"**{names[tokenizer_id]}** · {len(segmentation):,} tokens")
            st.html(segmentation_html(segmentation, max_tokens=settings.MAX_RENDERED_TOKENS))
