"""Name keys: the spellings a place name is matched on, and how it is shown.

Matching goes through `normalise()`, one key per spelling family: diacritics and case
folded, hyphens / apostrophes / spaces ignored, Arabic articles dropped, and common
transliteration variants mapped together (Sukhna / Sukhnah, Zor / Zour / Zawr,
Deir / Dayr, Avdiivka / Avdiyivka, Kupiansk / Kupyansk, q / k, kh / h, doubled letters).
Countries match on a lighter key (case, diacritics and punctuation only) so that a
country never swallows a town whose folded key happens to collide with it (Oman / Uman).

Pure string functions, importing no index: every module that reads text imports them
from here. The cached index depends on `normalise()` (bump `feeds.geo.index.INDEX_FORMAT`
when it changes).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = [
    "ARABIC_COUNTRIES",
    "ARTICLES",
    "ascii_fold",
    "display_name",
    "light_key",
    "medium_key",
    "normalise",
    "soft_hints",
]

#: Articles that Arabic names carry or drop at will ("Deir Al-Zor" == "Deir ez-Zor").
ARTICLES = frozenset(
    {"al", "el", "il", "ul", "as", "es", "ad", "ed", "ar", "er", "ash", "esh"}
    | {"at", "et", "az", "ez", "an", "en"}
)

_FOLD = str.maketrans(
    {
        "ı": "i",
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ß": "ss",
        "æ": "ae",
        "Æ": "Ae",
        "œ": "oe",
        "Œ": "Oe",
        "þ": "th",
        "ð": "d",
        "ə": "e",
        "Ə": "E",
        # Apostrophe-like marks (ayn, hamza, soft sign) vanish: Ma'arrat == Maarrat.
        "'": "",
        "’": "",
        "‘": "",
        "`": "",
        "´": "",
        "ʼ": "",
        "ʻ": "",
        "ʿ": "",
        "ʾ": "",
    }
)
_SPLIT = re.compile(r"[^a-z0-9]+")
_TRAILING_H = re.compile(r"(?<=[aeiou])h$")
_AW = re.compile(r"aw(?![aeiouy])")
_DOUBLE = re.compile(r"(.)\1+")
_SINGLE = str.maketrans({"y": "i", "q": "k", "e": "i", "o": "u"})
_token_cache: dict[str, str] = {}


def ascii_fold(name: str) -> str:
    """Strip diacritics and apostrophe-like marks; non-Latin letters disappear."""
    s = unicodedata.normalize("NFKD", name.translate(_FOLD))
    return s.encode("ascii", "ignore").decode("ascii")


def _token_key(tok: str) -> str:
    """One lowercase ASCII token folded to its transliteration family."""
    key = _token_cache.get(tok)
    if key is None:
        t = _TRAILING_H.sub("", tok) if len(tok) > 2 else tok
        t = t.replace("ou", "u").replace("oo", "u")
        t = _AW.sub("u", t)
        t = t.replace("kh", "h").replace("ph", "f").replace("ck", "k")
        t = t.translate(_SINGLE).replace("ai", "i")
        key = _DOUBLE.sub(r"\1", t)
        if len(_token_cache) < 200_000:
            _token_cache[tok] = key
    return key


@lru_cache(maxsize=1 << 16)
def display_name(name: str) -> str:
    """GeoNames' name as an English-language desk writes it: diacritics of transliteration
    dropped ("Ḩamāh" -> "Hamah", "Al Mayādīn" -> "Al Mayadin"); everything else kept."""
    if name.isascii():
        return name
    decomposed = unicodedata.normalize("NFKD", name)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


def normalise(name: str) -> str:
    """The matching key for a place name: "Deir Al-Zor" and "Deir ez-Zor" give the same key.

    Pure and deterministic; the cached index depends on it (bump INDEX_FORMAT on change,
    in feeds.geo.index).
    """
    toks = [t for t in _SPLIT.split(ascii_fold(name).lower()) if t]
    if not toks:
        return ""
    kept = [t for t in toks if t not in ARTICLES] or toks
    return _DOUBLE.sub(r"\1", "".join(_token_key(t) for t in kept))


@lru_cache(maxsize=1 << 16)
def light_key(name: str) -> str:
    """Case, diacritics and punctuation folded, nothing else: the key countries match on."""
    return "".join(_SPLIT.split(ascii_fold(name).lower()))


@lru_cache(maxsize=1 << 16)
def medium_key(name: str) -> str:
    """Spelling without transliteration folding: case, accents, separators, articles and a
    trailing h ignored. Tells "Al-Sukhna" (= As Sukhnah) from "Sohna" that folds alike."""
    toks = [t for t in _SPLIT.split(ascii_fold(name).lower()) if t]
    kept = [t for t in toks if t not in ARTICLES] or toks
    return _DOUBLE.sub(r"\1", "".join(_TRAILING_H.sub("", t) if len(t) > 2 else t for t in kept))


#: Where a name written with an Arabic article ("Al-", "ez-") most likely lies.
ARABIC_COUNTRIES = (
    "SY", "IQ", "LB", "JO", "PS", "IL", "SA", "YE", "OM", "AE", "QA", "KW", "BH", "EG", "LY",
    "TN", "DZ", "MA", "SD", "MR",
)  # fmt: skip


@lru_cache(maxsize=1 << 16)
def soft_hints(surface: str) -> tuple[str, ...]:
    """Weak country hints carried by the spelling itself (an Arabic article)."""
    toks = _SPLIT.split(ascii_fold(surface).lower())
    return ARABIC_COUNTRIES if any(t in ARTICLES for t in toks) and len(toks) > 1 else ()
