"""Chart builders: the figure holds the data it was given, titled and labelled."""

from __future__ import annotations

import tokenlab
from tokenlab.agreement import pairwise_jaccard
from tokenlab.charts import boundary_agreement_heatmap, token_count_bars
from tokenlab.metrics import segmentation_stats

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
