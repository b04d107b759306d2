"""The Universal Declaration of Human Rights: one text, 530 versions, parallel by article.

Every complete version has the same 30 articles (49 versions have fewer: a translation is
missing, or scripts/build_data.py left out an article holding a placeholder), so an article is
a natural unit of parallel text (Petrov et al. 2023 use FLORES sentences the same way). Each article is one document;
the preamble is left out so that every document is a numbered article, and titles are not
used (in ~24 versions the extracted title is article 30's heading). Groups are wooorm's file
codes ("eng", "deu_1996", "cmn_hans"); a language can be asked for by file code, ISO 639-3 or
BCP-47 tag. Text is NFC-normalised by scripts/build_data.py.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from typing import Any

import polars as pl

from tokenlab import settings
from tokenlab.corpora.corpus import GROUP_SCHEMA, Corpus, CorpusError
from tokenlab.text.unicode_scripts import dominant_script

CORPUS_DIR = settings.DATA_DIR / "corpora"
REFERENCE_LANGUAGE = "eng"


@cache
def _declarations(subset: bool) -> tuple[dict[str, Any], ...]:
    path = CORPUS_DIR / ("udhr_subset.json" if subset else "udhr_all.json")
    try:
        return tuple(json.loads(path.read_text(encoding="utf-8"))["languages"])
    except FileNotFoundError:
        raise CorpusError(
            f"{path} is missing. Restore data/ from git or run `python scripts/build_data.py data`."
        ) from None


@cache
def _language_metadata() -> dict[str, dict[str, Any]]:
    path = CORPUS_DIR / "udhr_languages.json"
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))["languages"]
    except FileNotFoundError:
        return {}  # an older data/ tree: names come from udhr_all.json, no coordinates
    return {entry["code"]: entry for entry in entries}


def _article_text(declaration: dict[str, Any], number: str) -> str:
    return "\n".join(declaration["articles"].get(number, []))


_scripts: dict[str, str] = {}


def _script(declaration: dict[str, Any]) -> str:
    """The script of one version: from its BCP-47 tag when it names one, else from its letters
    (of the declaration at hand: the 96-version subset never reads the 7 MB file of all 530)."""
    code = declaration["code"]
    if code not in _scripts:
        given = _language_metadata().get(code, {}).get("script")
        text = "\n".join(_article_text(declaration, n) for n in declaration["articles"])
        _scripts[code] = given or dominant_script(text)
    return _scripts[code]


def _select(declarations: Sequence[dict[str, Any]], languages: Sequence[str] | None) -> list[dict[str, Any]]:
    if not languages:
        return list(declarations)
    chosen: dict[str, dict[str, Any]] = {}
    for wanted in languages:
        exact = [d for d in declarations if d["code"] == wanted]
        matches = exact or [d for d in declarations if wanted in (d["iso6393"], d["bcp47"])]
        if not matches:
            raise CorpusError(
                f"No UDHR version for language {wanted!r}. Use a UDHR file code, ISO 639-3 code or BCP-47 tag, "
                "such as eng, fra, deu_1996, cmn_hans, zh-Hant or arb (see `udhr_languages()`)."
            )
        chosen.update((d["code"], d) for d in matches)
    return list(chosen.values())


def _group_rows(declarations: Sequence[dict[str, Any]]) -> pl.DataFrame:
    rows = []
    for declaration in declarations:
        meta = _language_metadata().get(declaration["code"], {})
        rows.append(
            {
                "group": declaration["code"],
                "name": declaration["name"],
                "iso6393": declaration["iso6393"],
                "bcp47": declaration["bcp47"],
                "script": _script(declaration),
                "direction": declaration["direction"],
                "latitude": meta.get("latitude"),
                "longitude": meta.get("longitude"),
            }
        )
    return pl.DataFrame(rows, schema=GROUP_SCHEMA)


def udhr_versions(subset: bool = False) -> dict[str, str]:
    """File code -> name of every bundled UDHR version ("eng" -> "English"), in file order."""
    return {declaration["code"]: declaration["name"] for declaration in _declarations(subset)}


def udhr_paragraph_texts(code: str, subset: bool = False) -> list[str]:
    """One version's preamble and articles 1-30 in order, each as one text (paragraphs joined by
    newlines); empty ones left out. Unlike `udhr`, keeps the preamble: for text, not parallel counts."""
    declaration = next((d for d in _declarations(subset) if d["code"] == code), None)
    if declaration is None:
        raise CorpusError(
            f"No bundled UDHR version {code!r}; pick one of {', '.join(list(udhr_versions(subset))[:8])}, ..."
        )
    texts = ["\n".join(declaration["preamble"])]
    texts += [_article_text(declaration, number) for number in sorted(declaration["articles"], key=int)]
    return [text for text in texts if text.strip()]


def udhr_languages(subset: bool = False) -> pl.DataFrame:
    """Every UDHR version: group (file code), name, iso6393, bcp47, script, direction, latitude, longitude."""
    return _group_rows(_declarations(subset))


def udhr(languages: Sequence[str] | None = None, subset: bool = False) -> Corpus:
    """Articles 1-30 of the chosen UDHR versions (all 530, or the curated 96 with `subset`)."""
    chosen = _select(_declarations(subset), languages)
    rows = [(d["code"], number, _article_text(d, number)) for d in chosen for number in d["articles"]]
    name = "udhr-subset" if subset else "udhr"
    if languages:
        name += ":" + ",".join(d["code"] for d in chosen)
    return Corpus.from_rows(name, rows, _group_rows(chosen))
