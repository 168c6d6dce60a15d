"""Writes the golden files of the Swift test RepeatRunGoldenTests (issue 13: Viterbi ties
on long repeats), with ids from HF `tokenizers`:

  data/tokenizer/repeats-tokenizer.json
      a tiny Unigram tokenizer.json: T5's pieces made of one repeated character (`---`,
      `▁--`, `**`, `111`, `....`, ...), with T5's scores, and the single characters, so
      that its repeat runs tie exactly where T5's do. HF reads such scores with serde_json's
      rounding, which decides the ties: with correctly rounded scores 65 of its 200 runs of
      `-` and 27 of `_` come out different (T5 itself: 70 `-`, issue 13).
  data/tokenizer/repeat-runs.jsonl
      per model (that file and the sample model's sample-tokenizer.json):
      {"model": M, "scores": [hex bit patterns of the scores HF holds after reading M]}
      {"model": M, "unit": U, "tail": T, "ids": [ids(U * n + T) for n = 1..N]}
      ids with EOS appended, run-length encoded as [[id, count], ...] to keep the file small.
      sample.model must give sample-tokenizer.json's ids.

Needs: pip install tokenizers   (venv: ~/.cache/stepwise/venv)
Run:   python scripts/tokenizer/make_repeat_runs.py   (after make_sample_model.py)
"""
import json
import os
import struct

from tokenizers import Tokenizer, decoders, pre_tokenizers, processors
from tokenizers.models import Unigram

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
DATA = os.path.join(ROOT, "data", "tokenizer")
SAMPLE = "sample-tokenizer.json"
REPEATS = "repeats-tokenizer.json"
OUT = "repeat-runs.jsonl"

# t5-tokenizer.json's pieces made of one repeated character of these (optionally after
# `▁`), with its scores as written there.
T5_REPEAT_PIECES = [
    ("▁", -2.0122928619384766), (".", -3.5449328422546387), ("-", -5.129043102264404), ("/", -7.100865840911865),
    ("▁2", -7.9282684326171875), ("▁1", -7.94765567779541), ("▁3", -7.984433650970459), ("...", -8.030110359191895),
    ("▁5", -8.31412410736084), ("▁4", -8.342093467712402), ("2", -8.473684310913086), ("▁6", -8.680779457092285),
    ("▁7", -8.818120002746582), ("▁8", -8.849273681640625), ("3", -8.871939659118652), ("1", -8.907852172851562),
    ("4", -9.017330169677734), ("0", -9.075824737548828), ("▁9", -9.137282371520996), ("5", -9.258519172668457),
    ("_", -9.358983039855957), ("▁11", -9.375179290771484), ("8", -9.44794750213623), ("7", -9.46226692199707),
    ("6", -9.471323013305664), ("00", -9.653081893920898), ("+", -9.670648574829102), ("9", -9.71633529663086),
    ("▁*", -9.8108491897583), ("▁22", -9.928659439086914), ("▁--", -9.931743621826172), ("▁#", -9.975058555603027),
    ("▁+", -10.008035659790039), ("▁|", -10.043391227722168), ("*", -10.107648849487305),
    ("000", -10.275951385498047), ("=", -10.316556930541992), ("11", -10.37746810913086),
    ("....", -10.446938514709473), ("22", -10.473462104797363), ("99", -10.582542419433594),
    ("▁=", -10.586563110351562), ("66", -10.665664672851562), ("44", -10.691168785095215),
    ("55", -10.726786613464355), ("77", -10.786175727844238), ("88", -10.798989295959473),
    ("33", -10.83015251159668), ("#", -10.927061080932617), ("▁33", -11.067329406738281),
    ("▁000", -11.182357788085938), ("▁55", -11.314533233642578), ("▁44", -11.532716751098633),
    ("|", -11.603957176208496), (".....", -11.624942779541016), ("***", -11.758782386779785),
    ("888", -11.784914016723633), ("▁99", -11.904391288757324), ("▁//", -12.044651985168457),
    ("▁**", -12.065519332885742), ("......", -12.076404571533203), ("---", -12.130167007446289),
    ("111", -12.21326732635498), ("++", -12.277759552001953), ("999", -12.486284255981445),
    ("0000", -12.496124267578125), ("........", -12.512929916381836), ("**", -12.517059326171875),
    ("*****", -12.683040618896484), ("_______", -12.715048789978027), ("................", -12.716878890991211),
    ("333", -12.790417671203613), ("▁*******", -12.97426700592041), ("222", -13.001286506652832),
    ("777", -13.007257461547852), ("555", -13.224702835083008), ("##", -13.3804931640625),
    ("▁_____", -13.459803581237793),
]

# The sample vocabulary has multi-character pieces of digits (`11`, `▁111`, `99`, ...);
# the rest are runs LLM output is full of, and other scripts (check_parity.py covers many
# more characters against every model).
SAMPLE_CHARACTERS = list("-=*|._") + list("0123456789") + ["a", " ", "\n", "\u2014", "\U0001F600", "\u3000"]
REPEAT_CHARACTERS = list("-=*|._#+/") + list("0123456789")
UNITS = [("|---", "|"), ("-=", ""), ("** ", ""), ("11 ", ""), ("9", "."), (" 1", "")]
LENGTH = 200
UNIT_COUNT = 30


def write_repeats_model(path):
    vocab = [("<pad>", 0.0), ("</s>", 0.0), ("<unk>", 0.0)] + T5_REPEAT_PIECES
    tokenizer = Tokenizer(Unigram(vocab, 2))
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    tokenizer.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    tokenizer.post_processor = processors.TemplateProcessing(single="$A </s>", special_tokens=[("</s>", 1)])
    tokenizer.save(path)


def rle(ids):
    out = []
    for i in ids:
        if out and out[-1][0] == i:
            out[-1][1] += 1
        else:
            out.append([i, 1])
    return out


def golden_lines(name, characters):
    # Read back from the file, as every user of it does: this is where the scores get rounded.
    tokenizer = Tokenizer.from_file(os.path.join(DATA, name))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    scores = [score for _, score in json.loads(tokenizer.to_str())["model"]["vocab"]]
    yield {"model": name, "scores": [struct.pack(">d", s).hex() for s in scores]}
    for unit, tail, count in [(c, "", LENGTH) for c in characters] + [(u, t, UNIT_COUNT) for u, t in UNITS]:
        texts = [unit * n + tail for n in range(1, count + 1)]
        yield {"model": name, "unit": unit, "tail": tail, "ids": [rle(e.ids) for e in tokenizer.encode_batch(texts)]}


def main():
    write_repeats_model(os.path.join(DATA, REPEATS))
    lines = list(golden_lines(SAMPLE, SAMPLE_CHARACTERS)) + list(golden_lines(REPEATS, REPEAT_CHARACTERS))
    with open(os.path.join(DATA, OUT), "w", encoding="utf-8") as f:
        for line in lines:
            f.write(json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n")
    print(f"wrote {REPEATS} and {OUT} ({len(lines)} lines)")


if __name__ == "__main__":
    main()
