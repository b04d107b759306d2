"""Chart titles: below the toolbar's band, wrapped to a phone's width, on every figure."""

from __future__ import annotations

import plotly.graph_objects as go
from hypothesis import given
from hypothesis import strategies as st

from tokenlab.charts.titles import SUBTITLE_LINE_CHARS, TITLE_LINE_CHARS, clear_of_toolbar, title, wrap_title


def test_a_title_hangs_below_the_toolbar_band_with_room_for_its_lines() -> None:
    assert title("Entry lengths") == {
        "text": "Entry lengths",
        "automargin": True,
        "yref": "container",
        "y": 1,
        "yanchor": "top",
    }
    one = clear_of_toolbar(go.Figure(layout={"title": title("Entry lengths"), "margin": {"t": 50}}))
    assert (one.layout.title.pad.t, one.layout.margin.t) == (34, 34 + 22 + 10)
    # Three lines, drawn 16 px higher by plotly; a margin of 100 kept 40 px for a legend above the plot.
    three = clear_of_toolbar(go.Figure(layout={"title": title("a<br>b<br><sup>c</sup>"), "margin": {"t": 100}}))
    assert (three.layout.title.pad.t, three.layout.margin.t) == (50, 50 + 3 * 22 + 10 + 40)


def test_long_titles_and_subtitles_wrap_at_spaces_inside_their_tags() -> None:
    assert wrap_title(
        "Parity vs reference (tokenization premium) per language<br><sup>GPT-4o (o200k_base) · 95 ranked, "
        "1 not ranked: coverage below the threshold of 90%</sup>"
    ) == (
        "Parity vs reference (tokenization premium)<br>per language<br>"
        "<sup>GPT-4o (o200k_base) · 95 ranked, 1 not ranked: coverage</sup><br>"
        "<sup>below the threshold of 90%</sup>"
    )
    assert wrap_title("Going from GPT-4 / GPT-3.5 (cl100k_base) to GPT-4o (o200k_base)") == (
        "Going from GPT-4 / GPT-3.5 (cl100k_base) to<br>GPT-4o (o200k_base)"
    )


@given(st.lists(st.text(alphabet="abcdef&;<>()", min_size=1, max_size=12), min_size=1, max_size=20))
def test_wrapping_keeps_every_word_and_no_line_is_longer_than_its_longest_word_allows(words: list[str]) -> None:
    wrapped = wrap_title(" ".join(words))
    lines = wrapped.split("<br>")
    assert " ".join(lines).split() == words
    assert all(len(line) <= max(TITLE_LINE_CHARS, *map(len, line.split())) for line in lines)
    assert SUBTITLE_LINE_CHARS > TITLE_LINE_CHARS
