#!/usr/bin/env python3
"""Writes the small dataset samples under data/ in every official format and in the
paper's JSON-lines export format. Deterministic: rerunning gives the same bytes.

Needs: Python 3.9+, numpy (only for the SVAMP split, computed the way the paper does it:
numpy.random.RandomState(0).permutation), and the `zstd` command (for the .tar.zst).
Run from the repository root:  python3 scripts/loaders/make_samples.py
"""
import gzip
import io
import json
import os
import random
import subprocess
import tarfile
import zipfile

import numpy as np

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
DATA = os.path.join(ROOT, "data")
LABELS = ["entailment", "neutral", "contradiction"]
FIXED_TIME = (2026, 1, 1, 0, 0, 0)


def write_text(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)


def write_jsonl(path, rows):
    write_text(path, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))


def csv_field(value):
    """RFC 4180 quoting, as Python's csv module does with QUOTE_MINIMAL."""
    if any(c in value for c in ',"\r\n') or value != value.strip(" "):
        return '"' + value.replace('"', '""') + '"'
    return value


def write_csv(path, header, rows):
    lines = [",".join(csv_field(v) for v in row) for row in [header] + rows]
    write_text(path, "\r\n".join(lines) + "\r\n")


# --- NLI: premises with one hypothesis per label and short explanations ------------------
NLI = [
    ("A man in a red jacket is climbing a rock wall.",
     [("A person is climbing.", "A man climbing a rock wall is a person climbing."),
      ("The man is training for a competition.", "Climbing a wall does not mean he is training for a competition."),
      ("The man is sleeping on a couch.", "One cannot climb a wall and sleep on a couch at once.")]),
    ("Two children, one holding a kite, run across a beach at sunset.",
     [("Kids are outside.", "A beach is outside, and the children are on it."),
      ("The children are siblings.", "Not all children running together are siblings."),
      ("The children are indoors watching TV.", "Children on a beach are not indoors.")]),
    ('A street vendor sells "hot" pretzels, mustard and soda.',
     [("Someone is selling food.", 'Pretzels are food, and the vendor sells them.'),
      ("The vendor makes a lot of money.", "Selling pretzels says nothing about how much money he makes."),
      ("The vendor is giving everything away for free.", "Selling is not giving away for free.")]),
    ("A woman plays the cello on a crowded subway platform,\nher case open for coins.",
     [("A musician is performing in public.", "A woman playing the cello on a platform is a musician performing in public."),
      ("The woman is a professional cellist.", "Playing on a platform, she may or may not be a professional."),
      ("The platform is empty.", "A crowded platform is not empty.")]),
    ("An elderly couple shares an umbrella while crossing a busy street.",
     [("Two people are crossing a street.", "A couple is two people, and they are crossing."),
      ("It is raining heavily.", "An umbrella may be for sun or light rain; heavy rain is not implied."),
      ("The couple is swimming in a pool.", "People crossing a street are not swimming in a pool.")]),
    ("A chef in a white hat flips pancakes, and batter drips onto the stove.",
     [("A cook is making pancakes.", "A chef flipping pancakes is making pancakes."),
      ("The chef works at a famous restaurant.", "Nothing says where the chef works."),
      ("The chef is eating a salad.", "Flipping pancakes and eating salad are different actions.")]),
    ("Café owners in Zürich stack chairs after closing time.",
     [("People are stacking chairs.", "Owners stacking chairs are people stacking chairs."),
      ("The café is losing customers.", "Stacking chairs after closing says nothing about customers."),
      ("The café is open and full of guests.", "After closing time the café is not open.")]),
    ("  A dog, wet and muddy, shakes itself next to a startled jogger. ",
     [("An animal is wet.", "The dog is wet, and a dog is an animal."),
      ("The jogger is angry at the dog.", "Being startled does not mean being angry."),
      ("The dog is perfectly clean and dry.", "A wet, muddy dog is not clean and dry.")]),
    ('The sign reads "No parking, ever", yet three cars are parked there.',
     [("Cars are parked by a sign.", "Three cars are parked there, by the sign."),
      ("The drivers will get tickets.", "Parking illegally does not mean a ticket will be given."),
      ("No cars are near the sign.", "Three cars are parked there.")]),
    ("A girl reads a book titled 1, 2, 3 under a tree.",
     [("A girl is reading.", "She reads a book."),
      ("The girl is learning to count.", "A book with numbers in its title need not teach counting."),
      ("The girl is swimming.", "Reading under a tree is not swimming.")]),
]


def nli_rows():
    rows = []
    for p_i, (premise, hyps) in enumerate(NLI):
        for label, (hypothesis, explanation) in enumerate(hyps):
            rows.append(dict(
                pair=f"{3000000 + p_i * 7919}.jpg#{p_i % 5}r1{LABELS[label][0]}",
                premise=premise, hypothesis=hypothesis, label=label, explanation=explanation))
    return rows


def make_esnli():
    rows = nli_rows()  # 30 pairs
    parts = {"train_1": rows[0:9], "train_2": rows[9:15], "dev": rows[15:24], "test": rows[24:30]}
    train_header = ["pairID", "gold_label", "Sentence1", "Sentence2", "Explanation_1", "WorkerId"]
    eval_header = ["pairID", "gold_label", "Sentence1", "Sentence2", "Explanation_1", "Explanation_2", "Explanation_3"]
    second = "Another annotator agrees, \"mostly\"."
    for part, items in parts.items():
        if part.startswith("train"):
            body = [[r["pair"], LABELS[r["label"]], r["premise"], r["hypothesis"], r["explanation"], f"W{i:03d}"]
                    for i, r in enumerate(items)]
            write_csv(os.path.join(DATA, "esnli", f"esnli_{part}.csv"), train_header, body)
        else:
            body = [[r["pair"], LABELS[r["label"]], r["premise"], r["hypothesis"], r["explanation"], second,
                     "Same, with a comma, here."] for r in items]
            write_csv(os.path.join(DATA, "esnli", f"esnli_{part}.csv"), eval_header, body)
    splits = {"train": parts["train_1"] + parts["train_2"], "valid": parts["dev"], "test": parts["test"]}
    for split, items in splits.items():
        out = []
        for r in items:
            row = {"premise": r["premise"], "hypothesis": r["hypothesis"], "label": r["label"],
                   "explanation_1": r["explanation"]}
            if split != "train":
                row["explanation_2"] = second
                row["explanation_3"] = "Same, with a comma, here."
            else:
                row["explanation_2"] = ""
                row["explanation_3"] = ""
            out.append(row)
        write_jsonl(os.path.join(DATA, "esnli", f"esnli_{split}.json"), out)


def make_anli():
    rows = nli_rows()
    rng = random.Random(11)
    files = {"train": rows[0:12], "dev": rows[12:21], "test": rows[21:30]}
    members = {}
    reference = {}
    for name, items in files.items():
        official, ref = [], []
        for i, r in enumerate(items):
            uid = "%08x-%04x-4%03x-a%03x-%012x" % (rng.getrandbits(32), rng.getrandbits(16), rng.getrandbits(12),
                                                   rng.getrandbits(12), rng.getrandbits(48))
            reason = "" if i % 4 == 3 else r["explanation"] + " The model got it wrong."
            official.append({"uid": uid, "context": r["premise"], "hypothesis": r["hypothesis"],
                             "label": "enc"[r["label"]], "model_label": "enc"[(r["label"] + 1) % 3],
                             "emturk": i % 2 == 0, "genre": "captions", "reason": reason, "tag": None})
            ref.append({"uid": uid, "premise": r["premise"], "hypothesis": r["hypothesis"], "label": r["label"],
                        "reason": reason})
        members[f"anli_v1.0/R1/{name}.jsonl"] = "".join(json.dumps(o) + "\n" for o in official).encode()
        reference["valid" if name == "dev" else name] = ref
    for split, ref in reference.items():
        write_jsonl(os.path.join(DATA, "anli", f"anli1_{split}.json"), ref)
    os.makedirs(os.path.join(DATA, "anli"), exist_ok=True)
    with zipfile.ZipFile(os.path.join(DATA, "anli", "anli_v1.0.zip"), "w", zipfile.ZIP_DEFLATED) as z:
        for name in ["anli_v1.0/", "anli_v1.0/R1/"]:
            z.writestr(zipfile.ZipInfo(name, FIXED_TIME), b"")
        for name, data in members.items():
            info = zipfile.ZipInfo(name, FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as t:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size, info.mtime, info.mode = len(data), 1767225600, 0o644
            t.addfile(info, io.BytesIO(data))
    tar_bytes = buf.getvalue()
    zst = subprocess.run(["zstd", "-q", "-19", "-c"], input=tar_bytes, check=True, capture_output=True).stdout
    with open(os.path.join(DATA, "anli", "anli_v1.0.tar.zst"), "wb") as f:
        f.write(zst)
    with open(os.path.join(DATA, "anli", "anli_v1.0.tar.gz"), "wb") as f:
        f.write(gzip.compress(tar_bytes, mtime=0))


# --- CommonsenseQA + CoS-E ----------------------------------------------------------------
CQA = [
    ("Where would you put a plate after washing it?", ["cupboard", "table", "floor", "oven", "garden"], 0,
     "Clean plates are stored in a cupboard.", "put a plate"),
    ("What do people usually do when they are tired?", ["run", "sleep", "shout", "dance", "swim"], 1,
     "Tired people sleep to rest.", "tired"),
    ('A "bookworm" is someone who likes to do what?', ["eat worms", "garden", "read", "fish", "cook"], 2,
     "A bookworm is a person who loves to read.", "likes to"),
    ("Where can you buy fresh bread early in the morning?", ["bank", "library", "school", "bakery", "museum"], 3,
     "Bakeries bake bread early in the morning.", "fresh bread"),
    ("If you spill water, what will the floor be?", ["dry", "hot", "loud", "sharp", "wet"], 4,
     "Spilled water makes the floor wet.", "spill water"),
    ("The musician tuned his instrument, what was he about to do?", ["sleep", "perform", "eat", "drive", "paint"], 1,
     "Musicians tune instruments before they perform.", "tuned his instrument"),
    ("What is a common place to see a lion, outside of Africa?", ["zoo", "kitchen", "office", "church", "car"], 0,
     "Lions outside Africa live in zoos.", "lion"),
    ("Where would you keep milk cold?", ["drawer", "oven", "refrigerator", "closet", "attic"], 2,
     "A refrigerator keeps milk cold.", "milk cold"),
    ("What might happen to someone who never exercises?", ["gain weight", "fly", "glow", "shrink", "vanish"], 0,
     "Without exercise, people often gain weight.", "never exercises"),
    ("Where do you go to mail a letter?", ["post office", "farm", "beach", "stadium", "forest"], 0,
     "Letters are mailed at a post office.", "mail a letter"),
    ("What does a person feel after winning a prize?", ["sadness", "happiness", "hunger", "cold", "pain"], 1,
     "Winning makes people happy.", "winning a prize"),
    ("Where is a good place to store winter coats in summer?", ["pool", "freezer", "closet", "mailbox", "car"], 2,
     "Coats are stored in a closet.", "store winter coats"),
    ("What do you need to see in the dark?", ["a spoon", "a light", "a chair", "a hat", "a sock"], 1,
     "Light lets you see in the dark.", "see in the dark"),
    ("Where would a student go to borrow a book?", ["library", "gym", "cafeteria", "parking lot", "roof"], 0,
     "Students borrow books from a library.", "borrow a book"),
    ("What happens to ice left in the sun?", ["it grows", "it melts", "it sings", "it freezes", "it hardens"], 1,
     "Sunlight melts ice.", "ice left in the sun"),
    ("Where does a pilot work?", ["cockpit", "kitchen", "classroom", "garden", "bakery"], 0,
     "A pilot flies the plane from the cockpit.", "pilot"),
    ("James wanted to relax, so he sat in his favourite what?", ["armchair", "oven", "sink", "bathtub", "ladder"], 0,
     "People relax in a comfortable armchair.", "favourite"),
    ("What do plants need to grow?", ["darkness", "sunlight", "salt", "plastic", "noise"], 1,
     "Plants need sunlight to grow.", "plants need"),
    ("Where would you find a whisk?", ["garage", "kitchen drawer", "bedroom", "bathroom", "porch"], 1,
     "A whisk is a kitchen tool kept in a drawer.", "whisk"),
    ("What do you do with a key?", ["eat it", "unlock a door", "plant it", "wear it", "paint it"], 1,
     "Keys unlock doors.", "key"),
]


def make_cqa():
    rng = random.Random(5)
    rows = []
    for i, (q, choices, answer, open_ended, selected) in enumerate(CQA):
        cid = "%032x" % rng.getrandbits(128)
        rows.append((cid, q, choices, answer, open_ended, selected))
    parts = {"train": rows[:14], "test": rows[14:]}
    for split, items in parts.items():
        qfile = "train_rand_split.jsonl" if split == "train" else "dev_rand_split.jsonl"
        cfile = "cose_train_v1.11.jsonl" if split == "train" else "cose_dev_v1.11.jsonl"
        questions = [{"answerKey": "ABCDE"[a], "id": cid,
                      "question": {"question_concept": q.split()[-1].strip("?"),
                                   "choices": [{"label": "ABCDE"[k], "text": t} for k, t in enumerate(ch)],
                                   "stem": q}}
                     for cid, q, ch, a, _, _ in items]
        write_jsonl(os.path.join(DATA, "cqa", qfile), questions)
        order = list(items)
        rng.shuffle(order)  # CoS-E has its own order; records follow it
        write_jsonl(os.path.join(DATA, "cqa", cfile),
                    [{"id": cid, "explanation": {"open-ended": oe, "selected": sel}}
                     for cid, _, _, _, oe, sel in order])
        write_jsonl(os.path.join(DATA, "cqa", f"cqa_{split}.json"),
                    [{"id": cid, "question": q, "choices": ch, "answer": ch[a], "abstractive_explanation": oe,
                      "extractive_explanation": sel} for cid, q, ch, a, oe, sel in order])


# --- SVAMP: 1000 short synthetic problems so that the paper's 800/200 split applies -------
NAMES = ["Ana", "Ben", "Chloé", "Dev", "Ema", "Femi", "Gus", "Hana", "Ivo", "Jin"]
ITEMS = ["apples", "marbles", "stickers", "pencils", "cookies", "stamps", "shells", "books"]


def math_problem(rng, i):
    name, item = rng.choice(NAMES), rng.choice(ITEMS)
    a, b = rng.randint(10, 99), rng.randint(2, 9)
    kind = i % 4
    if kind == 0:
        return (f"{name} had {a} {item}. A friend gave {name} {b} more", f"How many {item} does {name} have now?",
                f"( {a}.0 + {b}.0 )", float(a + b), "Addition")
    if kind == 1:
        return (f"{name} had {a} {item}. {name} gave away {b} of them.", f"How many {item} are left?",
                f"( {a}.0 - {b}.0 )", float(a - b), "Subtraction")
    if kind == 2:
        return (f"There are {b} boxes with {a} {item} in each box.", f"How many {item} are there in all?",
                f"( {b}.0 * {a}.0 )", float(a * b), "Multiplication")
    return (f"{name} shares {a * b} {item} equally among {b} friends.", f"How many {item} does each friend get?",
            f"( {a * b}.0 / {b}.0 )", float(a), "Common-Division")


def make_svamp():
    rng = random.Random(3)
    problems = []
    for i in range(1000):
        body, question, equation, answer, kind = math_problem(rng, i)
        problems.append({"ID": f"syn-{i + 1}", "Body": body, "Question": question, "Equation": equation,
                         "Answer": answer, "Type": kind})
    write_text(os.path.join(DATA, "svamp", "SVAMP.json"), json.dumps(problems, indent=4, ensure_ascii=False) + "\n")
    permutation = np.random.RandomState(0).permutation(len(problems))
    for split, positions in [("train", permutation[:800]), ("test", permutation[800:])]:
        write_jsonl(os.path.join(DATA, "svamp", f"svamp_{split}.json"),
                    [{"input": problems[p]["Body"] + "\n" + problems[p]["Question"], "label": problems[p]["Equation"]}
                     for p in positions])


# --- ASDiv ---------------------------------------------------------------------------------
def xml_escape(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def make_asdiv():
    rng = random.Random(9)
    problems = []
    for i in range(30):
        body, question, _, answer, kind = math_problem(rng, i)
        if i == 5:
            body = "Tom & Jerry collected 12 nuts and 5 < 6 acorns."
            question, answer = "How many nuts and acorns in total?", 17.0
        units = question.split()[2] if len(question.split()) > 2 else "things"
        formula = f"{int(answer)}={int(answer)}" if i % 7 == 6 else None
        problems.append((f"nluds-{i + 1:04d}", str(1 + i % 6), body, question, kind,
                         f"{int(answer)} ({units})", formula))
    lines = ['<?xml version="1.0" encoding="UTF-8" ?>', "<Machine-Reading-Corpus-File>", "",
             "<!-- synthetic sample in the ASDiv layout -->", "<ProblemSet>"]
    ref = []
    for pid, grade, body, question, kind, answer, formula in problems:
        lines.append(f'\t<Problem ID="{pid}" Grade="{grade}" Source="http://example.org/sample">')
        lines.append(f"\t\t<Body>{xml_escape(body)}</Body>")
        lines.append(f"\t\t<Question>{xml_escape(question)}</Question>")
        lines.append(f"\t\t<Solution-Type>{kind}</Solution-Type>")
        lines.append(f"\t\t<Answer>{answer}</Answer>")
        lines.append(f"\t\t<Formula>{formula or ''}</Formula>" if formula else "\t\t<Formula/>")
        lines.append("\t</Problem>")
        ref.append({"id": pid, "input": body + "\n" + question, "label": answer.split(" ")[0],
                    "explanation": formula or ""})
    lines += ["</ProblemSet>", "</Machine-Reading-Corpus-File>", ""]
    write_text(os.path.join(DATA, "asdiv", "ASDiv.xml"), "\n".join(lines))
    write_jsonl(os.path.join(DATA, "asdiv", "asdiv_train.json"), ref)


if __name__ == "__main__":
    make_esnli()
    make_anli()
    make_cqa()
    make_svamp()
    make_asdiv()
