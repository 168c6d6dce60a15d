#!/usr/bin/env python3
"""Writes the two worked examples of a task of one's own (README, "Your own task"):

  data/reviews/{train,test}.csv     product reviews, sentiment classes (CSV with a header)
  data/reviews/recorded.jsonl       teacher completions for the replay pipeline
  data/word-problems/{train,test}.jsonl   arithmetic word problems whose answers end in
                                          "#### N" (the GSM8K layout)
  data/word-problems/recorded.jsonl

Needs: Python 3.8+ standard library. Deterministic: rerunning gives the same bytes.

    python3 scripts/data/make_task_samples.py

The texts are invented for Stepwise. The recorded completions imitate a few-shot teacher in
the exemplar files' style (Pipelines/prompts/reviews.yaml, word-problems.yaml), and a fixed
share are imperfect on purpose so the filters have work: a wrong label, no answer phrase, a
label outside the space, an empty rationale, a phrase in other case, an invented next
exemplar after the answer.
"""

import csv
import io
import json
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PRODUCTS = ["kettle", "desk lamp", "backpack", "rain jacket", "blender", "phone case", "yoga mat", "coffee grinder",
            "bike light", "water bottle", "office chair", "headphones", "toaster", "umbrella", "hiking boots",
            "keyboard", "frying pan", "alarm clock", "tent", "electric toothbrush", "notebook", "suitcase",
            "space heater", "garden hose", "thermos", "board game"]
GOOD = [("It works exactly as described and {it} feels solid.", "the reviewer says it works as described and feels solid"),
        ("Arrived early, easy to set up, and I use {it} every day.", "the reviewer uses it every day and found it easy to set up"),
        ("Great value for the price; I would buy {it} again.", "the reviewer would buy it again and finds it good value"),
        ("My daughter loves {it}, and it has held up for months.", "the product is loved and has held up for months"),
        ("Quiet, quick and well made. No complaints at all.", "the reviewer has no complaints and praises its build"),
        ("Better than the expensive one I had before, honestly.", "the reviewer finds it better than a pricier product")]
BAD = [("Broke after two weeks and support never answered.", "it broke quickly and support did not help"),
       ("The photos are misleading; {it} is much smaller in person.", "the reviewer feels misled about its size"),
       ("Stopped working the first time it got wet. Waste of money.", "it failed early and the reviewer calls it a waste of money"),
       ("Smells of plastic, and the seams came apart on day one.", "it smells bad and fell apart immediately"),
       ("Returned {it}: loud, flimsy, and the instructions were wrong.", "the reviewer returned it for being loud and flimsy"),
       ("I wanted to like {it}, but it is uncomfortable and overpriced.", "the reviewer finds it uncomfortable and overpriced")]
# How the gold label is spelled in the file: mostly the class, sometimes in other case or a
# synonym (labels.classes maps pos/neg and case).
SPELLINGS = {"positive": ["positive"] * 6 + ["Positive", "pos"], "negative": ["negative"] * 6 + ["NEGATIVE", "neg"]}


def reviews(rng, split, count):
    rows = []
    for i in range(count):
        product = rng.choice(PRODUCTS)
        label = "positive" if rng.random() < 0.5 else "negative"
        sentence, why = rng.choice(GOOD if label == "positive" else BAD)
        text = f"The {product}: " + sentence.format(it="it")
        if i % 9 == 4:
            text += f'\nUpdate: still "{rng.choice(["fine", "the same", "as before"])}" a month later, for what it\'s worth.'
        rows.append({"review_id": f"r-{split}-{i:03d}", "text": text, "sentiment": rng.choice(SPELLINGS[label]),
                     "reason": f"Here {why}." if i % 11 != 7 else ""})
    return rows


def review_completion(row, i):
    label = "positive" if row["sentiment"].lower() in ("positive", "pos") else "negative"
    other = "negative" if label == "positive" else "positive"
    why = row["reason"] or "The tone of the review says how the reviewer feels."
    flaw = {5: "wrong", 8: "no_phrase", 12: "outside", 15: "empty", 3: "case", 10: "next"}.get(i % 17)
    if flaw == "wrong":
        return f"{why} So the answer is {other}."
    if flaw == "no_phrase":
        return f"{why} Overall the reviewer sounds {label}."
    if flaw == "outside":
        return f"{why} So the answer is mixed."
    if flaw == "empty":
        return f"So the answer is {label}."
    if flaw == "case":
        return f"{why} so the answer is {label.capitalize()}."
    if flaw == "next":
        return f"{why} So the answer is {label}.\n\nReview: The kettle: it leaks.\nReasoning: The"
    return f"{why} So the answer is {label}."


ITEMS = ["apples", "pencils", "stickers", "marbles", "books", "cookies", "stamps", "seeds", "cards", "shells"]
NAMES = ["Ava", "Ben", "Chloe", "Dev", "Elif", "Farah", "Gus", "Hana", "Ivan", "Jia", "Kofi", "Lena"]


def problem(rng, kind):
    name, item = rng.choice(NAMES), rng.choice(ITEMS)
    if kind == 0:
        a, b = rng.randint(12, 90), rng.randint(2, 11)
        q = f"{name} has {a} {item} and gives away {b}. How many {item} does {name} have left?"
        steps = [f"{name} starts with {a} {item} and gives away {b}, so {a} - {b} = <<{a}-{b}={a - b}>>{a - b} are left."]
        return q, steps, a - b
    if kind == 1:
        boxes, per = rng.randint(3, 12), rng.randint(4, 25)
        q = f"A shop packs {item} in boxes of {per}. It fills {boxes} boxes. How many {item} is that?"
        steps = [f"Each box holds {per} {item} and there are {boxes} boxes, so {boxes} * {per} = <<{boxes}*{per}={boxes * per}>>{boxes * per}."]
        return q, steps, boxes * per
    if kind == 2:
        price, count = rng.choice([125, 250, 375, 450, 1200]), rng.randint(3, 9)
        total = price * count
        q = f"One bicycle costs ${price}. A club buys {count} of them. How much does the club pay in dollars?"
        steps = [f"{count} bicycles at ${price} each cost {count} * {price} = <<{count}*{price}={total}>>{total} dollars."]
        return q, steps, total
    if kind == 3:
        total, friends = rng.choice([(18, 4), (30, 4), (45, 6), (21, 6), (10, 4)])
        q = f"{name} shares {total} liters of juice equally among {friends} friends. How many liters does each friend get?"
        value = total / friends
        steps = [f"Each friend gets {total} / {friends} = <<{total}/{friends}={value:g}>>{value:g} liters."]
        return q, steps, value
    a, b, c = rng.randint(5, 40), rng.randint(5, 40), rng.randint(2, 9)
    q = f"{name} collects {a} {item} on Monday and {b} on Tuesday, then loses {c}. How many {item} are left?"
    s = a + b
    steps = [f"On the two days {name} collects {a} + {b} = <<{a}+{b}={s}>>{s} {item}.",
             f"After losing {c}, {s} - {c} = <<{s}-{c}={s - c}>>{s - c} are left."]
    return q, steps, s - c


def number_text(value):
    if isinstance(value, float) and not value.is_integer():
        return f"{value:g}"
    value = int(value)
    return f"{value:,}" if value >= 1000 else str(value)


def word_problems(rng, split, count):
    rows = []
    for i in range(count):
        q, steps, value = problem(rng, i % 5)
        rows.append({"id": f"wp-{split}-{i:03d}", "question": q, "answer": "\n".join(steps) + f"\n#### {number_text(value)}"})
    return rows


def problem_completion(row, i):
    reasoning, _, answer = row["answer"].rpartition("\n#### ")
    reasoning = re.sub(r"<<[^>]*>>", "", reasoning).replace("\n", " ")
    flaw = {4: "wrong", 7: "no_phrase", 11: "outside", 13: "empty", 2: "units", 9: "hashes"}.get(i % 17)
    if flaw == "wrong":
        return f"{reasoning} The answer is {answer}1."
    if flaw == "no_phrase":
        return f"{reasoning} So that is the total."
    if flaw == "outside":
        return f"{reasoning} The answer is a lot."
    if flaw == "empty":
        return f"The answer is {answer}."
    if flaw == "units":
        return f"{reasoning} The answer is ${answer} in all.\n\nQ: Tom has 3 apples."
    if flaw == "hashes":
        return f"{reasoning}\n#### {answer}"
    return f"{reasoning} The answer is {answer}."


def write_csv(path, rows):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue())


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))


def main():
    rng = random.Random(20261203)
    out = ROOT / "data" / "reviews"
    train, test = reviews(rng, "train", 40), reviews(rng, "test", 12)
    write_csv(out / "train.csv", train)
    write_csv(out / "test.csv", test)
    write_jsonl(out / "recorded.jsonl", [{"id": r["review_id"], "completion": review_completion(r, i)} for i, r in enumerate(train)])

    out = ROOT / "data" / "word-problems"
    train, test = word_problems(rng, "train", 40), word_problems(rng, "test", 12)
    write_jsonl(out / "train.jsonl", train)
    write_jsonl(out / "test.jsonl", test)
    write_jsonl(out / "recorded.jsonl", [{"id": r["id"], "completion": problem_completion(r, i)} for i, r in enumerate(train)])
    print("wrote data/reviews and data/word-problems")


if __name__ == "__main__":
    main()
