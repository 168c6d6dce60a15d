"""Generated strings for the tokenizer parity checks, where ties and rare paths live:
runs of one repeated character (lengths 1-200), runs of repeated units (`|---|`, `-=`,
`** `), runs inside text and markdown tables, mixed scripts (accents, combining marks,
Cyrillic, Greek, CJK, Arabic, Hindi, emoji with ZWJ sequences and modifiers), whitespace
variants (NBSP, U+2009, U+3000, CRLF, ...), special-token text inside strings, and random
mixtures of all of these from a seeded generator. Deterministic: the same list every run.

Used by check_parity.py (`--texts generated`) and make_repeat_runs.py; run alone it prints
how many strings each family has. Needs only the Python standard library.
"""
import random
import sys

# Characters whose runs LLM output is full of (rules, tables, emphasis, ellipses, code).
RUN_CHARACTERS = list("-=*_.~#|+/\\") + list("0123456789") + list("abcdefghijklmnopqrstuvwxyz") \
    + list("ABCDEFGHIJKLMNOPQRSTUVWXYZ") + [" ", "\t", "\n", "!", "?", ">", "<", "`", "'", '"', ":", ",", ";",
                                           "(", ")", "[", "]", "{", "}", "@", "$", "%", "^", "&",
                                           "\u2014", "\u2013", "\u2026", "\u00b7", "\u2500", "\u2550", "\u25a0",
                                           "\u3002", "\u00e9", "\u00df", "\u4e00", "\u0627", "\U0001F600"]
RUN_LENGTHS = range(1, 201)

# Repeated units: markdown tables and rules, alternations, emphasis.
UNITS = ["|---", "---|", "|---|", "-=", "=-", "** ", "**", "*-", "-+", "+-", "._", "..", ". ", "- ", "= ",
         "ab", "12", "1 ", "0.", "=\n", "-\n", "\u2500\u2500", "\u2014 ", "ha", "lol", "\u00e9\u0301"]
UNIT_COUNTS = list(range(1, 41)) + [50, 64, 70, 99, 100]

WORDS = ["The", "answer", "is", "So", "premise", "hypothesis", "entailment", "neutral", "contradiction",
         "predict:", "explain:", "Q:", "A:", "Step", "1.", "2)", "=", "42", "3.14", "x", "don't", "e.g.",
         "U.S.", "co-operate", "well-known", "(a)", "[1]", "**bold**", "`code`", "#tag", "@user", "50%",
         "$9.99", "10:30", "2023-05-02", "http://example.com/a_b?c=d", "C++", "A/B", "and/or"]

MIXED_SCRIPTS = [
    "café naïve résumé Ångström Ærø œuvre façade jalapeño São Paulo Kraków Dvořák",
    "cafe\u0301 nai\u0308ve e\u0301e\u0300e\u0302 A\u030a o\u0308\u0304 Z\u0337\u0322\u0348\u0353\u0325\u0324",
    "Привет, мир! Ёлка и йогурт. ПРОПИСНЫЕ буквы.",
    "Γειά σου Κόσμε· ΑΒΓΔ αβγδ ς ΐ ΰ",
    "你好，世界。我们在北京学习中文。漢字と ひらがな と カタカナ。",
    "ｶﾀｶﾅ ﾊﾝｶｸ ｱｲｳｴｵ ｶﾞｷﾞ",
    "한국어 텍스트입니다. 안녕하세요 ᄀᄁᄂ",
    "مرحبا بالعالم، هذا نص عربي. ١٢٣٤٥",
    "नमस्ते दुनिया। हिन्दी पाठ क्षत्रज्ञ",
    "สวัสดีครับ ภาษาไทย",
    "שלום עולם עִבְרִית",
    "ქართული ენა Հայերեն Ελληνικά ᚠᚢᚦ",
    "😀 😃 👍🏽 👨‍👩‍👧‍👦 🏳️‍🌈 🇩🇪🇫🇷 1️⃣ #️⃣ ❤️ ✌🏿 🧑‍💻 👩🏻‍🔬",
    "👨‍👩‍👧‍👦👨‍👩‍👧‍👦👨‍👩‍👧‍👦 🏴‍☠️🏴‍☠️",
    "ﬁ ﬂ ﬀ ﬃ Ⅻ ⅻ ½ ¼ ² ³ ₁ ₂ ㎏ ㍿ ™ ℃ № 𝐀𝐁𝐂 𝕏 ℌ",
    "Ｆｕｌｌ－ｗｉｄｔｈ　ＡＢＣ　１２３！？",
    "mixed: résumé Привет 你好 مرحبا नमस्ते 😀 done",
    "\u00e9\u0065\u0301\u1e9b\u0323\u212b\u00c5\u0041\u030a",
    "zero\u200bwidth\u200cjoin\u200dners\u2060and\ufeffBOM",
    "control\u0001\u0002\u007f\u0080\u009f chars",
    "replacement \ufffd and private \ue000 and noncharacter \ufffe\uffff",
    "astral \U00010348 \U0001d11e \U0001f9ea \U000e0041 \U0010fffd",
]

WHITESPACE = ["\u00a0", "\u2009", "\u3000", "\u202f", "\u2002", "\u2003", "\u200a", "\u205f", "\u1680",
              "\u0085", "\u2028", "\u2029", "\u000b", "\u000c", "\r", "\r\n", "\t", "\n", " ", "  ", "   "]

SPECIAL_TEXT = ["</s>", "<pad>", "<unk>", "<s>", "<extra_id_0>", "<extra_id_5>", "<extra_id_99>",
                "<extra_id_100>", "</s></s>", "< /s>", "</S>", "<extra_id_5 >", "<extra_id_-1>", "<pad", "/s>"]


def repeat_runs():
    for character in RUN_CHARACTERS:
        for n in RUN_LENGTHS:
            yield character * n


def unit_runs():
    for unit in UNITS:
        for n in UNIT_COUNTS:
            yield unit * n
            yield unit * n + unit[0]


def runs_in_context():
    for character in "-=*_.~#|+":
        for n in (2, 3, 4, 5, 7, 8, 10, 16, 20, 32, 33, 40, 64, 70, 80, 100, 120, 200):
            run = character * n
            yield f"word {run} word"
            yield f"word{run}word"
            yield f"{run}\n"
            yield f"\n{run}\n"
            yield f"Title\n{run}\nText"
            yield f"{run} {run}"
            yield f"  {run}  "
    for columns in range(1, 6):
        for width in (1, 3, 5, 12):
            rule = "|" + "|".join(["-" * width] * columns) + "|"
            aligned = "|" + "|".join([":" + "-" * width + ":"] * columns) + "|"
            header = "| " + " | ".join(f"col{i}" for i in range(columns)) + " |"
            yield f"{header}\n{rule}\n" + "| " + " | ".join(["1"] * columns) + " |"
            yield f"{header}\n{aligned}"
            yield rule * 3
    yield "***\n---\n___\n===\n~~~\n```\ncode\n```"
    yield "**Step 1:** do this. **Step 2:** do that. *** The answer is 42 ***"


def mixed_scripts():
    yield from MIXED_SCRIPTS
    for text in MIXED_SCRIPTS:
        yield text.upper()
        yield " ".join(text.split()[:3])


def whitespace_variants():
    for space in WHITESPACE:
        yield space
        yield space * 3
        yield f"a{space}b"
        yield f"a{space}{space}b"
        yield f"{space}lead"
        yield f"trail{space}"
        yield f"{space}both{space}"
        yield f"one{space}two {space} three{space * 2}four"
        yield f"x {space}</s>{space} y"
    yield "line one\r\nline two\r\n\r\nline four"
    yield "\t\tindented\n\t\t\tmore\n"
    yield " " * 50 + "x" + " " * 50


def special_tokens_in_text():
    for token in SPECIAL_TEXT:
        yield token
        yield f"a{token}b"
        yield f"a {token} b"
        yield f" {token} "
        yield f"{token}{token}"
        yield f"Premise{token}Hypothesis"
        yield f"x{token} y"
        yield f"x {token}y"
        yield f"---{token}---"
        yield f"\u00a0{token}\u3000"
    yield "predict: A man sleeps. </s> A man is awake."
    yield "explain: <extra_id_0> fills <extra_id_1> the blanks <extra_id_2>"
    yield "<pad><unk></s><extra_id_5></s>"


def _random_piece(rng: random.Random) -> str:
    kind = rng.randrange(9)
    if kind == 0:
        return rng.choice(RUN_CHARACTERS) * rng.randint(1, 80)
    if kind == 1:
        return rng.choice(UNITS) * rng.randint(1, 20)
    if kind == 2:
        return rng.choice(WORDS)
    if kind == 3:
        return rng.choice(WHITESPACE)
    if kind == 4:
        return rng.choice(SPECIAL_TEXT)
    if kind == 5:
        words = rng.choice(MIXED_SCRIPTS).split()
        return rng.choice(words)
    if kind == 6:
        # any scalar value except surrogates, weighted towards the lower planes
        plane_top = rng.choice([0x7F, 0x7FF, 0xFFFF, 0x10FFFF])
        while True:
            code = rng.randint(1, plane_top)
            if not 0xD800 <= code <= 0xDFFF:
                return chr(code)
    if kind == 7:
        return str(rng.randint(0, 10 ** rng.randint(1, 12)))
    return " "


def random_mixtures(count: int = 3000, seed: int = 13):
    rng = random.Random(seed)
    for _ in range(count):
        size = rng.choice([1, 2, 3, 5, 8, 13, 21, 40])
        yield "".join(_random_piece(rng) for _ in range(size))


FAMILIES = {
    "repeat": repeat_runs,
    "unit-repeat": unit_runs,
    "run-in-context": runs_in_context,
    "mixed-script": mixed_scripts,
    "whitespace": whitespace_variants,
    "special-text": special_tokens_in_text,
    "random": random_mixtures,
}


def texts():
    """(family, text) pairs, each distinct text once, in a fixed order; the empty string too."""
    seen = set()
    for family, make in [("empty", lambda: [""])] + list(FAMILIES.items()):
        for text in make():
            if text not in seen:
                seen.add(text)
                yield family, text


if __name__ == "__main__":
    counts = {}
    for family, _ in texts():
        counts[family] = counts.get(family, 0) + 1
    for family, n in counts.items():
        print(f"{family:16s} {n}")
    print(f"{'total':16s} {sum(counts.values())}", file=sys.stderr)
