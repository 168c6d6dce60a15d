"""Writes data/tokenizer/sample-text.txt: about 300 KB of varied English composed by this
script from hand-written templates and word lists (no external data), shaped like the
pipeline's datasets: NLI premise/hypothesis pairs with explanations, multiple-choice
questions with answer choices, arithmetic word problems with equations and rationales,
plus a little text with accents, full-width forms, ligatures and symbols so the trained
vocabulary and the normalizer see them. Deterministic (fixed seed).

Needs: Python 3 standard library.   Run: python scripts/tokenizer/write_sample_text.py
"""
import os
import random

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
OUT = os.path.join(ROOT, "data", "tokenizer", "sample-text.txt")

PEOPLE = ["a man", "a woman", "two children", "an old man", "a young girl", "a boy", "three friends",
          "a dog", "a group of people", "a chef", "a police officer", "a musician", "two women",
          "a teenager", "the teacher", "a farmer", "a cyclist", "the crowd", "a baby", "a soldier"]
ACTIONS = ["is riding a bike", "is playing the guitar", "is cooking dinner", "are walking on the beach",
           "is reading a newspaper", "is climbing a rock wall", "are sitting on a bench", "is painting a fence",
           "is running through a field", "is swimming in a lake", "are dancing at a party",
           "is selling vegetables at a market", "is sleeping on a couch", "is throwing a ball",
           "is waiting for the bus", "are eating lunch outside", "is fixing a car", "is writing a letter"]
PLACES = ["in the park", "near the river", "at the station", "in a small kitchen", "on a busy street",
          "in the mountains", "inside a museum", "at the beach", "behind the school", "in the snow",
          "under a bridge", "at a concert", "in the library", "on the roof", "at the airport"]
ADJ = ["happy", "tired", "busy", "quiet", "angry", "excited", "careful", "hungry", "famous", "nervous",
       "brave", "curious", "lonely", "proud", "calm"]
NOUNS = ["apples", "pencils", "books", "marbles", "cookies", "stickers", "oranges", "cards", "flowers",
         "coins", "toys", "bottles", "eggs", "shirts", "tickets", "candies", "boxes", "seeds", "stamps"]
NAMES = ["Paige", "Jack", "Dan", "Faye", "Luke", "Maria", "Ahmed", "Chen", "Olivia", "Noah", "Sofia",
         "Ravi", "Emma", "Lucas", "Zoë", "José", "Amélie", "Björn", "Nadia", "Kenji"]
QUESTIONS = [
    ("Where would you put a {x} if you wanted to keep it cold?", ["refrigerator", "oven", "closet", "garden", "car"]),
    ("What do people usually do when they feel {a}?", ["rest", "shout", "laugh", "sing", "cry"]),
    ("Where is a good place to find {n}?", ["store", "ocean", "desert", "attic", "school"]),
    ("Why would someone go {p}?", ["to relax", "to work", "to learn", "to eat", "to sleep"]),
    ("What might happen if you forget your {x} at home?", ["be late", "get wet", "feel cold", "lose money", "go back"]),
]
MORE_NOUNS = """
airplane anchor animal answer apartment argument arrow artist autumn avenue backpack bakery balcony
balloon banana bandage barrel basket battery beach bear beetle bicycle blanket blossom bottle bracelet
branch bread breakfast brick bridge brother bucket building butterfly button cabinet camera candle
canyon captain carpet castle cattle ceiling cellar century chapter cheese cherry chimney chocolate
circle citizen classroom climate clock cloud coast collar college computer concert contract corner
cottage cotton council country cousin cradle crystal cucumber culture curtain customer daughter
decision desert diamond dinner doctor dolphin donkey drawer dream driver eagle earthquake editor
elbow election elephant elevator emperor engine envelope evening exhibit factory family feather
festival finger forest fountain friend garage garden gesture giraffe glacier glove government
grandmother guitar hammer harbor harvest helmet highway history holiday horizon hospital hotel
island jacket journey judge jungle kettle kingdom kitchen ladder language lantern lawyer lemon
letter library lighthouse lizard machine magazine manager market meadow medicine memory message
meteor minute mirror monkey morning mountain museum mushroom necklace neighbor newspaper notebook
ocean office onion orchestra painter palace pancake parrot passenger pattern pebble pencil pepper
pharmacy picture pillow planet plate pocket poet potato prison problem professor pumpkin puzzle
question rabbit railway rainbow recipe river rocket saddle sailor salad sandwich scientist season
secret shadow shelter shoulder signal singer sister skeleton soldier spider spoon squirrel stadium
statue station storm student subway summer sunset supper surgeon sweater table teacher telescope
theater thunder ticket tiger tomato tongue tower tractor traffic treasure triangle trumpet tunnel
umbrella uncle universe valley vegetable village violin volcano wagon wallet weather whistle
window winter wizard wolf yesterday zebra""".split()
VERBS = """
accept admire arrive attach bake borrow breathe build carry celebrate change chase check choose
clean climb collect compare complain cook count cover crawl cross deliver describe destroy discover
divide drag dream drink drive earn enjoy enter escape examine explain explore fetch fill find fix
float fold follow forgive gather grab greet guard guess hang help hide hunt imagine improve invite
jump kick knock laugh learn lift listen load march measure melt mention mix move notice obey offer
open order organize paint pass plant play point polish pour practice prepare promise protect pull
push reach read receive recommend remember repair repeat rescue return ride rush save search serve
shake share shout sing sketch slide smile solve sort spill spread squeeze stack steer stretch study
surprise swim teach thank throw touch trade travel trust turn unlock visit wander wash watch wave
whisper win wonder worry wrap write yell""".split()
ADJECTIVES = """
ancient anxious bitter blue bright broad bumpy charming cheerful chilly clever cloudy clumsy colorful
crispy crowded curly damp delicate dusty eager early elegant empty enormous fancy fierce fluffy
foggy fragile fresh friendly gentle giant gloomy golden graceful greasy green grumpy handsome heavy
hollow honest huge humble icy jolly juicy kind large lazy little lively loud lucky magnificent
mighty modern muddy narrow neat noisy odd old orange patient plain polite poor powerful precious
purple quick rapid rare red rich rough round rusty salty scary shallow sharp shiny short shy silent
silly slippery slow small smooth soft solid sour spicy steep sticky strange strong sturdy sunny
sweet tall tender thick thin tiny tough ugly vast warm weak wet wide wild windy wise wooden young""".split()


def inflect(rng, verb):
    form = rng.randrange(4)
    if form == 0:
        return verb
    stem = verb[:-1] if verb.endswith("e") else verb
    return [verb, verb + "s", stem + "ed", stem + "ing"][form]


def story(rng):
    sentences = []
    for _ in range(rng.randint(2, 5)):
        n1, n2 = rng.choice(MORE_NOUNS), rng.choice(MORE_NOUNS)
        v, a1, a2 = rng.choice(VERBS), rng.choice(ADJECTIVES), rng.choice(ADJECTIVES)
        form = rng.randrange(7)
        if form == 0:
            sentences.append(f"The {a1} {n1} tried to {v} the {a2} {n2}.")
        elif form == 1:
            sentences.append(f"{rng.choice(NAMES)} wanted to {v} a {a1} {n1} near the {n2}.")
        elif form == 2:
            sentences.append(f"Why would a {n1} {v} the {n2} when it is so {a1}?")
        elif form == 3:
            sentences.append(f"Every {n1} in the {a1} {n2} seemed {a2}, so nobody dared to {v} it.")
        elif form == 4:
            sentences.append(f"After the {n1} became {a1}, the {n2}s started to {v} again.")
        elif form == 5:
            sentences.append(f"The {n1}{n2} {inflect(rng, v)} {a1}ly, {inflect(rng, rng.choice(VERBS))} "
                             f"{rng.randint(1, 9999)} {a2}er {n2}s.")
        else:
            sentences.append(f"{rng.choice(NAMES)} kept {inflect(rng, v)} the {n1}'s {a2}est {n2}; "
                             f"un{v}able, re{rng.choice(VERBS)}ed, over{a1}ness.")
    return [" ".join(sentences)]


LABELS = ["entailment", "neutral", "contradiction"]
EXTRAS = [
    "Café au lait costs €3.50 in Zürich, naïve tourists pay more.",
    "The ﬁrst ﬂoor oﬃce is on the left; see ｐａｇｅ ４２ for details.",
    "Temperatures reached 30°C — roughly 86°F — by noon.",
    "She wrote “hello” and ‘goodbye’ … then left.",
    "Ｆｕｌｌ－ｗｉｄｔｈ ｔｅｘｔ ａｎｄ ＡＢＣ １２３ appear in some documents.",
    "Emoji like 😀 and 🎉 are rare in our data, but ½ and ² and ™ do show up.",
    "The ratio was 3:4, the price $12.99, and the code A-17/B.",
    "Résumé, façade, coöperate, jalapeño, São Paulo, Kraków, Dvořák.",
]


def nli(rng):
    person, action, place = rng.choice(PEOPLE), rng.choice(ACTIONS), rng.choice(PLACES)
    premise = f"{person.capitalize()} {action} {place}."
    label = rng.randrange(3)
    if label == 0:
        hypothesis = f"{person.capitalize()} is {place.split(' ', 1)[1] if ' ' in place else place}."
        hypothesis = f"Someone is outside {place}." if rng.random() < 0.5 else f"{person.capitalize()} {action}."
        why = f"If {person} {action} {place}, then {person} {action}."
    elif label == 1:
        hypothesis = f"{person.capitalize()} {action} because they are {rng.choice(ADJ)}."
        why = f"Not everyone who {action.split(' ', 1)[1]} is {rng.choice(ADJ)}."
    else:
        other = rng.choice([a for a in ACTIONS if a != action])
        hypothesis = f"{person.capitalize()} {other} {place}."
        why = f"One cannot be doing both at the same time: {action} and {other}."
    return [f"premise: {premise}", f"hypothesis: {hypothesis}", f"{premise} </s> {hypothesis}",
            f"Label: {LABELS[label]}.", f"Explanation: {why}"]


def qa(rng):
    template, choices = rng.choice(QUESTIONS)
    question = template.format(x=rng.choice(NOUNS)[:-1], a=rng.choice(ADJ), n=rng.choice(NOUNS), p=rng.choice(PLACES))
    rng.shuffle(choices := list(choices))
    lines = [question, "Answer Choices:"] + [f"({letter}) {c}" for letter, c in zip("abcde", choices)]
    answer = rng.choice(choices)
    lines.append(f"The answer must be something that fits the question. {answer.capitalize()} is the most likely. "
                 f"So the answer is ({'abcde'[choices.index(answer)]}).")
    return lines


def math(rng):
    name, noun = rng.choice(NAMES), rng.choice(NOUNS)
    a, b = rng.randint(2, 99), rng.randint(2, 60)
    kind = rng.randrange(4)
    if kind == 0:
        body = f"{name} had {a} {noun}. Then {name} bought {b} more {noun}."
        question, equation, answer = f"How many {noun} does {name} have now?", f"( {a}.0 + {b}.0 )", a + b
    elif kind == 1:
        a += b
        body = f"{name} had {a} {noun} and gave {b} of them to a friend."
        question, equation, answer = f"How many {noun} are left?", f"( {a}.0 - {b}.0 )", a - b
    elif kind == 2:
        body = f"There are {a} boxes and each box holds {b} {noun}."
        question, equation, answer = f"How many {noun} are there in all?", f"( {a}.0 * {b}.0 )", a * b
    else:
        total = a * b
        body = f"{name} shares {total} {noun} equally among {a} children."
        question, equation, answer = f"How many {noun} does each child get?", f"( {total}.0 / {a}.0 )", b
    rationale = (f"{name} starts with the numbers {a} and {b}. We compute {equation.strip('() ')} = {answer}. "
                 f"The answer is {equation}.")
    return [body, question, f"Equation: {equation}", f"Answer: {answer}", rationale]


def main():
    rng = random.Random(20231)
    lines = []
    size = 0
    while size < 400_000:
        kind = rng.randrange(20)
        block = (nli(rng) if kind < 5 else qa(rng) if kind < 8 else math(rng) if kind < 11
                 else story(rng) if kind < 19 else [rng.choice(EXTRAS)])
        for line in block:
            lines.append(line)
            size += len(line.encode()) + 1
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print(f"wrote {OUT}: {len(lines)} lines, {size} bytes")


if __name__ == "__main__":
    main()
