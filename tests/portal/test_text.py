import pytest

from portal.text import count_words, normalise_name


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", 0),
        ("The quick brown fox", 4),
        ("  Women's rights — at the U.N.: non-governmental organisations, 2005!  ", 8),
        ("联合国NGO委员会。", 7),
        ("Права человека и устойчивое развитие", 5),
        ("حقوق الإنسان والتنمية المستدامة", 4),
        ("حُقُوقُ الْإِنْسَانِ", 2),  # diacritics do not split a word
        ("可持续发展", 5),  # one word per Chinese character
        ("联合国 NGO 委员会", 7),
        ("état-membre l'Organisation", 2),
    ],
)
def test_count_words_in_every_un_script(text, words):
    assert count_words(text) == words


def test_normalise_name_ignores_case_accents_and_punctuation():
    assert normalise_name("  Réseau  des Femmes—Africaines! ") == "reseau des femmes africaines"
    assert normalise_name("ÉCOLE") == normalise_name("ecole")
