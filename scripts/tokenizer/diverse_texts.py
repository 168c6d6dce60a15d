"""Varied text on which a word cache rarely hits, for benchmark.py / whole_process.py:
sentences of made-up words in one script each (Latin with accents, Cyrillic, Greek,
Arabic, Devanagari, CJK, Hangul, plus mixed-case ASCII words, numbers, URLs-ish tokens and
punctuation), and the generated strings of generated_texts.py. Seeded: the same list every
run. Run alone it prints how many texts and distinct words it makes.

Needs only the Python standard library.
"""
import random
import sys

sys.path.insert(0, __import__("os").path.dirname(__import__("os").path.abspath(__file__)))
import generated_texts  # noqa: E402

# Per script: syllables to make words of, and the sentence end it uses.
SCRIPTS = {
    "english": (["th", "e", "an", "re", "on", "at", "en", "nd", "ti", "es", "or", "te", "of", "ed", "is", "it",
                 "al", "ar", "st", "to", "nt", "ng", "se", "ha", "as", "ou", "io", "le", "ve", "co", "me", "de"], "."),
    "latin-accents": (["ça", "é", "è", "ê", "ü", "ö", "ä", "ñ", "ø", "å", "ß", "ão", "ił", "ž", "ř", "ő", "la", "re",
                       "que", "der", "sch", "ei", "mo", "ta", "ni", "ko"], "."),
    "cyrillic": (["при", "вет", "мир", "ов", "ка", "ни", "ст", "ло", "ра", "жи", "щё", "ый", "ть", "ся", "ю", "эт"], "."),
    "greek": (["κα", "λη", "μέ", "ρα", "σου", "το", "ντα", "ψη", "ξι", "ών", "ός", "ει", "θε", "φι"], "·"),
    "arabic": (["مر", "حب", "ال", "عا", "لم", "كت", "اب", "ين", "ون", "ة", "سل", "ام", "قل", "ب"], "۔"),
    "devanagari": (["न", "म", "स्ते", "दु", "नि", "या", "भा", "रत", "हि", "न्दी", "क्ष", "ज्ञ", "ी", "ं"], "।"),
    "cjk": (list("的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可"), "。"),
    "hangul": (["한", "국", "어", "텍", "스", "트", "입", "니", "다", "안", "녕", "하", "세", "요", "서", "울"], "."),
}
PUNCTUATION = [",", ";", ":", "!", "?", "(", ")", "\"", "'", "-", "—", "…", "%", "/"]


def _word(rng: random.Random, syllables) -> str:
    return "".join(rng.choice(syllables) for _ in range(rng.choice([1, 2, 2, 3, 3, 4, 5])))


def _sentence(rng: random.Random) -> str:
    name = rng.choice(list(SCRIPTS))
    syllables, end = SCRIPTS[name]
    joiner = "" if name == "cjk" else " "
    words = []
    for _ in range(rng.randint(3, 40)):
        roll = rng.random()
        if roll < 0.08:
            words.append(str(rng.randint(0, 10 ** rng.randint(1, 7))))
        elif roll < 0.13:
            words.append(rng.choice(PUNCTUATION))
        elif roll < 0.16:
            words.append(f"{_word(rng, SCRIPTS['english'][0])}.{rng.choice(['com', 'org', 'io'])}/{_word(rng, syllables)}")
        else:
            word = _word(rng, syllables)
            words.append(word.capitalize() if rng.random() < 0.15 else word)
    return joiner.join(words) + end


def made_up_sentences(count: int, seed: int = 18):
    """`count` texts of one to four made-up sentences each."""
    rng = random.Random(seed)
    for _ in range(count):
        yield " ".join(_sentence(rng) for _ in range(rng.choice([1, 1, 2, 3, 4])))


def texts(count: int = 200_000):
    """The generated strings, then made-up sentences up to `count` texts in all."""
    generated = [text for _, text in generated_texts.texts() if text][:count]
    return generated + list(made_up_sentences(count - len(generated)))


if __name__ == "__main__":
    items = texts(int(sys.argv[1]) if len(sys.argv) > 1 else 200_000)
    words = {w for t in items for w in t.split()}
    print(f"{len(items)} texts, {sum(len(t.encode()) for t in items) / 1e6:.1f} MB, {len(words)} distinct words")
