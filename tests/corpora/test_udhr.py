"""The UDHR corpus: parallel articles and language metadata from the bundled data."""

from __future__ import annotations

import polars as pl
import pytest

from tokenlab.corpora import CorpusError, load_corpus, udhr, udhr_languages


def test_english_is_thirty_articles_of_8247_characters() -> None:
    corpus = udhr(["eng"])
    assert corpus.documents.get_column("part").to_list() == [str(n) for n in range(1, 31)]
    assert corpus.characters == 8247  # ASSETS.md: 8,227 characters plus the newlines between paragraphs
    assert corpus.texts[0].startswith("All human beings are born free and equal in dignity and rights.")


def test_every_version_is_loaded_and_metadata_carries_coordinates() -> None:
    languages = udhr_languages()
    assert languages.height == 530
    english = languages.row(by_predicate=pl.col("group") == "eng", named=True)
    assert english == {
        "group": "eng",
        "name": "English",
        "iso6393": "eng",
        "bcp47": "en",
        "script": "Latn",
        "direction": "ltr",
        "latitude": 53.0,
        "longitude": -1.0,
    }
    assert languages.filter(languages["direction"] == "rtl").height == 15
    assert languages.get_column("latitude").null_count() < 10


@pytest.mark.parametrize(
    ("code", "script"),
    [
        ("jpn", "Jpan"),
        ("cmn_hans", "Hani"),
        ("bod", "Tibt"),
        ("tha", "Thai"),
        ("kor", "Hang"),
        ("arb", "Arab"),
        ("amh", "Ethi"),
        ("srp_cyrl", "Cyrl"),
        ("rus", "Cyrl"),
        ("hin", "Deva"),
    ],
)
def test_script_is_given_by_bcp47_or_derived_from_the_letters(code: str, script: str) -> None:
    assert udhr([code]).groups.get_column("script").to_list() == [script]


def test_languages_are_chosen_by_file_code_iso_or_bcp47() -> None:
    assert udhr(["deu_1996"]).documents.get_column("group").unique().to_list() == ["deu_1996"]
    assert set(udhr(["deu"]).documents.get_column("group").unique()) == {"deu_1901", "deu_1996"}
    assert set(udhr(["fr"]).documents.get_column("group").unique()) == {"fra", "068"}  # 068: French (Welche)


def test_an_unknown_language_is_a_clear_error() -> None:
    with pytest.raises(CorpusError, match="No UDHR version for language 'xx-nope'"):
        udhr(["xx-nope"])


def test_subset_has_96_versions_and_corpus_names_resolve() -> None:
    assert load_corpus("udhr-subset").documents.get_column("group").n_unique() == 96
    with pytest.raises(CorpusError, match="Unknown corpus 'shakespeare'"):
        load_corpus("shakespeare")
    with pytest.raises(CorpusError, match="--languages applies to the UDHR"):
        load_corpus("code", ["eng"])
