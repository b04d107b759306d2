"""Which writing system a text is in, from the Unicode Script property of its letters.

Fertility needs a word unit, and the unit depends on the script: Thai or Chinese are written
without spaces, so whitespace "words" would be whole sentences. The script is the one most
of the text's letters belong to (digits, punctuation and combining marks are Common or
Inherited and do not vote), named by its ISO 15924 code:

    dominant_script("Всеобщая декларация") -> "Cyrl"
    dominant_script("すべての人間は、生まれながらにして自由") -> "Jpan"   # kana + Han
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import numpy as np
import regex

# ISO 15924 code -> Unicode Script property value, for the scripts of the bundled corpora and
# the other scripts with living languages; letters of any other script count as "Zyyy".
SCRIPT_NAMES = {
    "Latn": "Latin",
    "Cyrl": "Cyrillic",
    "Grek": "Greek",
    "Armn": "Armenian",
    "Geor": "Georgian",
    "Hebr": "Hebrew",
    "Arab": "Arabic",
    "Syrc": "Syriac",
    "Thaa": "Thaana",
    "Nkoo": "Nko",
    "Samr": "Samaritan",
    "Mand": "Mandaic",
    "Deva": "Devanagari",
    "Beng": "Bengali",
    "Guru": "Gurmukhi",
    "Gujr": "Gujarati",
    "Orya": "Oriya",
    "Taml": "Tamil",
    "Telu": "Telugu",
    "Knda": "Kannada",
    "Mlym": "Malayalam",
    "Sinh": "Sinhala",
    "Thai": "Thai",
    "Laoo": "Lao",
    "Tibt": "Tibetan",
    "Gran": "Grantha",
    "Mymr": "Myanmar",
    "Khmr": "Khmer",
    "Hang": "Hangul",
    "Hira": "Hiragana",
    "Kana": "Katakana",
    "Hani": "Han",
    "Bopo": "Bopomofo",
    "Yiii": "Yi",
    "Ethi": "Ethiopic",
    "Cher": "Cherokee",
    "Cans": "Canadian_Aboriginal",
    "Ogam": "Ogham",
    "Runr": "Runic",
    "Mong": "Mongolian",
    "Tfng": "Tifinagh",
    "Vaii": "Vai",
    "Bamu": "Bamum",
    "Adlm": "Adlam",
    "Olck": "Ol_Chiki",
    "Cakm": "Chakma",
    "Java": "Javanese",
    "Bali": "Balinese",
    "Sund": "Sundanese",
    "Bugi": "Buginese",
    "Tale": "Tai_Le",
    "Talu": "New_Tai_Lue",
    "Lana": "Tai_Tham",
    "Tavt": "Tai_Viet",
    "Lisu": "Lisu",
    "Osge": "Osage",
    "Copt": "Coptic",
    "Glag": "Glagolitic",
    "Goth": "Gothic",
    "Limb": "Limbu",
    "Lepc": "Lepcha",
    "Mtei": "Meetei_Mayek",
    "Saur": "Saurashtra",
    "Sora": "Sora_Sompeng",
    "Wara": "Warang_Citi",
    "Sylo": "Syloti_Nagri",
    "Kali": "Kayah_Li",
    "Rjng": "Rejang",
    "Batk": "Batak",
    "Tglg": "Tagalog",
    "Hano": "Hanunoo",
    "Buhd": "Buhid",
    "Tagb": "Tagbanwa",
    "Cham": "Cham",
    "Mend": "Mende_Kikakui",
    "Bass": "Bassa_Vah",
    "Medf": "Medefaidrin",
    "Wcho": "Wancho",
    "Hmnp": "Nyiakeng_Puachue_Hmong",
    "Hmng": "Pahawh_Hmong",
    "Plrd": "Miao",
}
UNKNOWN_SCRIPT = "Zyyy"

_SCRIPT_OF = regex.compile("|".join(rf"(?P<{code}>\p{{Script={name}}})" for code, name in SCRIPT_NAMES.items()))


#: Letters end before plane 4 (planes 4-16 hold only tags, variation selectors and private use).
_TABLE_END = 0x40000
_CODES = (None, UNKNOWN_SCRIPT, *SCRIPT_NAMES)


@cache
def _script_table() -> bytes:
    """Each code point's index into `_CODES`, found in one regex pass (about 0.2 s, 256 KB).

    One table rather than a per-character cache: cache entries made while a vocabulary or a
    corpus is being read land among its short-lived objects and keep tens of MB of the
    interpreter's heap pinned after those are freed.
    """
    text = "".join(map(chr, range(_TABLE_END)))
    index = {code: position for position, code in enumerate(_CODES)}
    table = bytearray(_TABLE_END)
    for match in _SCRIPT_OF.finditer(text):
        table[match.start()] = index[match.lastgroup]
    unknown = index[UNKNOWN_SCRIPT]
    for point, char in enumerate(text):
        if not table[point] and char.isalpha():
            table[point] = unknown
    return bytes(table)


def script_of(char: str) -> str | None:
    """ISO 15924 code of one character's script; None for Common and Inherited characters."""
    point = ord(char)
    return _CODES[_script_table()[point]] if point < _TABLE_END else None


def dominant_script(text: str) -> str:
    """The script most letters of `text` are in; "Jpan" for Han mixed with kana, "Zyyy" if none.
    Of scripts with equally many letters, the one whose first letter comes first wins."""
    return dominant_scripts([text])[0]


#: Characters counted per pass of `dominant_scripts`: bounds its arrays to a few tens of MB.
_CHUNK_CHARS = 4_000_000
_HIRA, _KANA, _HANI = (_CODES.index(code) for code in ("Hira", "Kana", "Hani"))


def dominant_scripts(texts: Sequence[str]) -> list[str]:
    """`dominant_script` of each text, counted with numpy a chunk of texts at a time: a Counter
    per text took 6 of the 10 s that preparing a 50 MB upload cost."""
    scripts: list[str] = []
    start = 0
    while start < len(texts):
        stop, size = start + 1, len(texts[start])
        while stop < len(texts) and size + len(texts[stop]) <= _CHUNK_CHARS:
            size += len(texts[stop])
            stop += 1
        scripts += _chunk_dominant_scripts(texts[start:stop])
        start = stop
    return scripts


def _chunk_dominant_scripts(texts: Sequence[str]) -> list[str]:
    table = np.frombuffer(_script_table(), dtype=np.uint8)
    points = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32)
    codes = np.zeros(len(points), dtype=np.int64)
    lettered = points < _TABLE_END
    codes[lettered] = table[points[lettered]]
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    text_of = np.repeat(np.arange(len(texts)), lengths)
    counts = np.bincount(text_of * len(_CODES) + codes, minlength=len(texts) * len(_CODES))
    counts = counts.reshape(len(texts), len(_CODES))
    counts[:, 0] = 0  # Common and Inherited do not vote
    top = counts.max(axis=1)
    kana = counts[:, _HIRA] + counts[:, _KANA]
    japanese = (kana > 0) & (kana + counts[:, _HANI] >= top)
    best = counts.argmax(axis=1)
    # A tie (rare) goes to the tied script whose first letter comes first in the text.
    starts = np.cumsum(lengths) - lengths
    for i in np.flatnonzero(((counts == top[:, None]).sum(axis=1) > 1) & (top > 0)):
        letters = codes[starts[i] : starts[i] + lengths[i]]
        best[i] = letters[counts[i, letters] == top[i]][0]
    return [
        UNKNOWN_SCRIPT if not most else "Jpan" if jpan else _CODES[code]
        for most, jpan, code in zip(top.tolist(), japanese.tolist(), best.tolist(), strict=True)
    ]
