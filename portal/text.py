"""Text utilities shared by every app: word counts that are right in all
six UN languages, and the normalisation used for matching names."""

import re
import unicodedata

# Scripts written without spaces between words: each character counts as a
# word, as UN document services count Chinese (and Japanese) text.
_CJK = re.compile(
    "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u309f\u30a0-\u30ff"
    "\U00020000-\U0002a6df\U0002a700-\U0002ebef]"
)
_HAS_WORD_CHAR = re.compile(r"[^\W_]")


def count_words(text: str) -> int:
    """Words as a word processor counts them: whitespace-separated tokens that
    hold a letter or digit (Latin, Cyrillic, Arabic with its diacritics;
    "non-governmental" and "U.N." count once, a lone dash not at all), and
    one word per Chinese or Japanese character."""
    total = 0
    for token in (text or "").split():
        total += len(_CJK.findall(token))
        total += sum(1 for part in _CJK.sub(" ", token).split() if _HAS_WORD_CHAR.search(part))
    return total


def normalise_name(value: str) -> str:
    """Lower-case, accents removed, punctuation and spaces collapsed: for
    matching names and finding duplicates."""
    value = unicodedata.normalize("NFKD", value or "")
    value = "".join(ch for ch in value if not unicodedata.combining(ch))
    value = re.sub(r"[^\w]+", " ", value.casefold())
    return " ".join(value.split())
