"""Chart builders: the figure holds the data it was given, titled and labelled."""

from __future__ import annotations

from dataclasses import replace

import tokenlab
from tokenlab.charts.segmentation import boundary_agreement_heatmap, token_count_bars
from tokenlab.text.agreement import pairwise_jaccard
from tokenlab.text.stats import segmentation_stats

TEXT = "Tokenizers cut the same sentence differently: 你好世界"
IDS = ("o200k_base", "gpt2", "bert-base-uncased")


def test_token_count_bars_sort_fewest_first() -> None:
    stats = [segmentation_stats(tokenlab.load_tokenizer(t).segment(TEXT)) for t in IDS]
    figure = token_count_bars(stats, {"gpt2": "GPT-2"})
    bar = figure.data[0]
    assert list(bar.x) == sorted(s.tokens for s in stats)
    assert "GPT-2" in bar.y
    assert figure.layout.title.text.startswith("Tokens for this text") and figure.layout.xaxis.title.text == "tokens"


def test_heatmap_shows_the_jaccard_matrix() -> None:
    segs = [tokenlab.load_tokenizer(t).segment(TEXT) for t in IDS]
    matrix = pairwise_jaccard(segs)
    figure = boundary_agreement_heatmap(IDS, matrix)
    assert [list(row) for row in figure.data[0].z] == matrix
    assert list(figure.data[0].x) == list(IDS)


def test_a_visitors_tokenizer_file_name_is_text_in_both_charts() -> None:
    """An uploaded tokenizer's id is "file:<its file name>": plotly must not read tags in it."""
    own = "file:<a href='https://evil.example'>x</a>.json"
    escaped = "file:&lt;a href='https://evil.example'&gt;x&lt;/a&gt;.json"
    segmentation = tokenlab.load_tokenizer("gpt2").segment(TEXT)
    stats = [segmentation_stats(replace(segmentation, tokenizer_id=own))]
    assert list(token_count_bars(stats).data[0].y) == [escaped]
    heatmap = boundary_agreement_heatmap(["gpt2", own], [[1.0, 0.5], [0.5, 1.0]]).data[0]
    assert list(heatmap.x) == list(heatmap.y) == ["gpt2", escaped]


def test_both_charts_stay_legible_for_the_whole_catalogue() -> None:
    """Every bundled tokenizer at once (the 23 of the catalogue, and one more: 24): a row of at
    least 26 px per name, no numbers crammed into the Jaccard cells, ids in the hover."""
    catalogue = [info.id for info in tokenlab.list_tokenizers()]
    names = {info.id: info.label for info in tokenlab.list_tokenizers()}
    segmentations = [tokenlab.load_tokenizer(t).segment(TEXT) for t in catalogue]
    segmentations.append(replace(segmentations[0], tokenizer_id="file:mine.json"))
    ids = [segmentation.tokenizer_id for segmentation in segmentations]
    assert len(ids) == 24
    bars = token_count_bars([segmentation_stats(s) for s in segmentations], names)
    assert bars.layout.height == 26 * 24 + 110 and bars.layout.yaxis.dtick == 1
    assert set(bars.data[0].y) == {names.get(i, i) for i in ids} and bars.data[0].textposition == "outside"
    heatmap = boundary_agreement_heatmap(ids, pairwise_jaccard(segmentations), names)
    longest = max(len(names.get(i, i)) for i in ids)
    assert heatmap.layout.height == 30 * 24 + 90 + 5 * longest
    assert heatmap.data[0].text is None and heatmap.layout.xaxis.automargin and heatmap.layout.title.automargin
    assert heatmap.data[0].customdata[0][1] == f"{ids[0]} vs {ids[1]}"
    assert list(heatmap.data[0].x)[:2] == [names[ids[0]], names[ids[1]]]
