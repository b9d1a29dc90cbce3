"""Is a headquarters address a P.O. box? [rule] An organisation needs an
established headquarters, not a P.O. box.

The spellings people really write, in the six UN languages and common
national variants, one pattern per family. Word boundaries are explicit, so
street names that merely contain the letters ("Boxwood Lane", "Bpost
street", "Casillas de Coria", "B.P. Koirala Marg") are not mistaken for a
box. The text is NFKC-normalised first (full-width letters and digits)."""

import re
import unicodedata

# Not preceded or followed by a letter (any script); digits may touch ("PO Box12").
_L = r"(?<![^\W\d_])"
_R = r"(?![^\W\d_])"
_ARABIC_LETTER = "\u0621-\u064a"
_NUMBER = r"\s*(?:n[°ºo]\.?|no\.?|#|:)?\s*\d"

PATTERNS = [
    # English: P.O. Box 12, PO Box12, P. O. B. 12, POB 12, GPO Box 12, Post Office Box 9, Post Box 12,
    # Postbox 12, Box 123 (Sweden), Private Bag X12, PMB 12, Locked Bag 4.
    rf"{_L}g?p\.?\s*o\.?\s*box",
    rf"{_L}p\.?\s*o\.?\s*b{_R}\.?",
    rf"{_L}post\s*office\s*box{_R}",
    rf"{_L}post\s*-?\s*box",
    rf"{_L}box{_NUMBER}",
    rf"{_L}private\s+(?:mail\s+)?bag{_R}",
    rf"{_L}pmb{_NUMBER}",
    rf"{_L}locked\s+bag{_R}",
    # French: Boîte postale 12, B.P. 45, BP 455, BP45, Case postale 12.
    rf"{_L}bo[iî]te\s+postale{_R}",
    rf"{_L}b\.\s*p\.?(?:{_NUMBER}|\s*$)",
    rf"{_L}bp{_NUMBER}",
    rf"{_L}case\s+postale{_R}",
    # German, Dutch, Scandinavian: Postfach 10 11, Postbus 123, Postboks 12.
    rf"{_L}postfach(?![a-zäöüß])",
    rf"{_L}postbus(?![a-z])",
    rf"{_L}postboks(?![a-zæøå])",
    # Spanish: Apartado 123, Apartado postal 45, Apartado aéreo 12, Apartado de correos 7, Apdo. 12,
    # Casilla 123, Casilla de correo 12, Casilla postal 5 (not the Colombian town Apartadó, nor
    # Casillas de Coria, nor a street called Calle Casilla).
    rf"{_L}apartado(?:\s+(?:postal|a[ée]reo|de\s+correos?){_R}|{_NUMBER})",
    rf"{_L}apdo\.?(?:\s*postal)?{_NUMBER}",
    rf"(?<!calle )(?<!avenida )(?<!pasaje ){_L}casilla(?:\s+(?:postal|de\s+correos?){_R}|{_NUMBER})",
    # Portuguese and Italian: Caixa postal 12, Cx. postal 3, Casella postale 12.
    rf"{_L}(?:caixa|cx\.?)\s+postal{_R}",
    rf"{_L}casella\s+postale{_R}",
    # Russian: а/я 12 (абонентский ящик), п/я 5, абонентский ящик, почтовый ящик.
    rf"{_L}[аa]\s*/\s*я",
    rf"{_L}п\s*/\s*я",
    rf"{_L}(?:абонентский|абонементный|почтовый)\s+ящик",
    # Arabic: ص.ب 123, ص. ب. 12, ص ب 12, صندوق بريد, صندوق البريد.
    rf"(?<![{_ARABIC_LETTER}])ص\s*[.\s]\s*ب(?![{_ARABIC_LETTER}])",
    r"صندوق\s+(?:ال)?بريد",
    # Chinese: 邮政信箱, 郵政信箱, 信箱 (e.g. 北京 100001 信箱).
    r"[邮郵]政信箱",
    r"信箱",
]
_PO_BOX = re.compile("|".join(f"(?:{p})" for p in PATTERNS), re.IGNORECASE)


def is_po_box(address: str) -> bool:
    text = unicodedata.normalize("NFKC", address or "").casefold()
    return bool(_PO_BOX.search(text))
