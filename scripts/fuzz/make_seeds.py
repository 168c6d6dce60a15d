#!/usr/bin/env python3
"""Writes the fuzz targets' seed corpora, Fuzz/Corpus/<target>/, from the repository's own
samples (data/, Pipelines/) and a few hand-made inputs. Run from anywhere; rerun after the
samples change. Needs python3 (standard library) and a built `stepwise` for the shard seeds:

    python3 scripts/fuzz/make_seeds.py [--stepwise .build/debug/stepwise]

Seeds whose target reads a selector byte first (see each target in
Fuzz/Sources/StepwiseFuzz/Targets) get one seed per selector value.
"""
import argparse
import hashlib
import json
import pathlib
import shutil
import subprocess
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
CORPUS = ROOT / "Fuzz" / "Corpus"
DATA = ROOT / "data"
SHARD_SEPARATOR = b"\n--stepwise-fuzz-shard--\n"


def seed(target: str, content: bytes) -> None:
    folder = CORPUS / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / hashlib.sha1(content).hexdigest()).write_bytes(content)


def lines(path: pathlib.Path, n: int) -> list[bytes]:
    return path.read_bytes().splitlines()[:n]


def varint(n: int) -> bytes:
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def read_varint(data: bytes, i: int) -> tuple[int, int]:
    """The varint at `data[i]` and the offset after it."""
    value, shift = 0, 0
    while True:
        b = data[i]
        i += 1
        value |= (b & 0x7F) << shift
        shift += 7
        if b < 0x80:
            return value, i


def protobuf_fields(data: bytes):
    """(field number, wire type, raw field bytes) of one protobuf message, in order."""
    i = 0
    while i < len(data):
        start = i
        key, i = read_varint(data, i)
        field, wire = key >> 3, key & 7
        if wire == 0:
            _, i = read_varint(data, i)
        elif wire == 1:
            i += 8
        elif wire == 5:
            i += 4
        elif wire == 2:
            length, i = read_varint(data, i)
            i += length
        else:
            raise ValueError(f"wire type {wire}")
        yield field, wire, data[start:i]


def small_spiece_model(pieces: int, keep_charsmap: bool) -> bytes:
    """sample.model cut to its first `pieces` pieces (the normalizer's charsmap dropped
    unless asked), so mutations stay fast."""
    out = bytearray()
    kept = 0
    for field, wire, raw in protobuf_fields((DATA / "tokenizer" / "sample.model").read_bytes()):
        if field == 1:
            if kept < pieces:
                out += raw
            kept += 1
        elif field == 3 and not keep_charsmap:
            body = raw[1:]  # tag byte 0x1A
            length, j = read_varint(body, 0)
            inner = b"".join(r for f, _, r in protobuf_fields(body[j:j + length]) if f != 2)
            out += b"\x1a" + varint(len(inner)) + inner
        else:
            out += raw
    return bytes(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stepwise", default=str(ROOT / ".build" / "debug" / "stepwise"))
    args = parser.parse_args()
    if CORPUS.exists():
        shutil.rmtree(CORPUS)

    # json: records, recordings, tokenizer pieces, hand-made edge cases.
    for path in [DATA / "esnli" / "esnli_test.json", DATA / "cqa" / "cqa_test.json", DATA / "anli" / "recorded.jsonl"]:
        for line in lines(path, 2):
            seed("json", line)
    for text in [b'{"a": [1, -2.5e-3, true, null, "\\u00e9\\ud83d\\ude00\\n"], "b": {}}', b'[]', b'"\\"', b"1e999",
                 b'[[[[[[[[[[]]]]]]]]]]', b'{"k": "v", "k": 2}', b"-0.0", b"\xef\xbb\xbf{}"]:
        seed("json", text)

    # csv, rows (selector: format x chunking), xml, archive.
    for path in [DATA / "esnli" / "esnli_test.csv", DATA / "reviews" / "test.csv"]:
        seed("csv", b"\x00" + path.read_bytes()[:1500])
    seed("csv", b'\x03a,"b ""q"", c",d\r\n1,"multi\nline",3\n"unterminated')
    word_problems = sorted((DATA / "word-problems").glob("*.jsonl"))[0]
    rows = {0: b"\n".join(lines(word_problems, 3)) + b"\n",
            1: b'[{"question": "q", "answer": "a\\n#### 1"}, {"x": [1, {"y": 2}]}]',
            2: (DATA / "reviews" / "test.csv").read_bytes()[:1200],
            3: b"id\ttext\tlabel\n1\tgood\tpositive\n2\tbad\n"}
    for format_index, content in rows.items():
        for chunking in range(3):
            seed("rows", bytes([chunking * 4 + format_index]) + content)
    seed("xml", b"\x01" + (DATA / "asdiv" / "ASDiv.xml").read_bytes()[:3000])
    seed("xml", b'\x00<?xml version="1.0"?><!DOCTYPE a><a x="1 &amp; 2"><![CDATA[<b>]]>&#x41;<!-- c --><b/></a>')
    for name in ["anli_v1.0.zip", "anli_v1.0.tar.gz", "anli_v1.0.tar.zst"]:
        seed("archive", b"\x00" + (DATA / "anli" / name).read_bytes())
    seed("archive", b"\x01" + (DATA / "anli" / "anli_v1.0.tar.gz").read_bytes())

    # dataset-files: selector = dataset * 2 + (0 official, 1 reference).
    official = {0: DATA / "esnli" / "esnli_test.csv", 4: DATA / "svamp" / "svamp_test.json", 8: DATA / "asdiv" / "ASDiv.xml"}
    reference = {1: DATA / "esnli" / "esnli_test.json", 3: DATA / "anli" / "anli1_test.json", 5: DATA / "cqa" / "cqa_test.json",
                 7: DATA / "svamp" / "svamp_test.json", 9: DATA / "asdiv" / "asdiv_train.json"}
    for selector, path in {**official, **reference}.items():
        content = path.read_bytes()[:3000]
        if selector == 4:
            content = json.dumps(json.loads((DATA / "svamp" / "SVAMP.json").read_text())[:3]).encode()
        seed("dataset-files", bytes([selector]) + content)
    seed("dataset-files", b"\x02" + b"\n".join(lines(DATA / "anli" / "recorded.jsonl", 2)))
    seed("dataset-files", b"\x04" + b"\n".join(lines(DATA / "cqa" / "dev_rand_split.jsonl", 2)) + b"\xff"
         + b"\n".join(lines(DATA / "cqa" / "cose_dev_v1.11.jsonl", 2)))

    # Tokenizer models (the loaders prepend the byte that picks the format), and texts.
    seed("spiece-model", small_spiece_model(300, keep_charsmap=False)[1:])
    seed("spiece-model", small_spiece_model(40, keep_charsmap=False)[1:])
    seed("tokenizer-json", (DATA / "tokenizer" / "repeats-tokenizer.json").read_bytes().lstrip()[1:])
    texts = [b"Hello world", b"a</s>b <extra_id_0> c", "ｆｕｌｌ　ｗｉｄｔｈ ﬁ café naïve".encode(), b"-" * 70,
             b"| a | b |\n|---|---|\n", b"  leading   and trailing  ", "混合 scripts Ελληνικά".encode(), b"1,000.50 $18 3/4"]
    for model in range(4):
        for text in texts:
            seed("tokenize", bytes([model]) + text)

    # rationale: every rule set (selector) with real-looking completions.
    completions = []
    for name in ["esnli", "anli", "cqa", "svamp", "reviews", "word-problems"]:
        path = DATA / name / "recorded.jsonl"
        if path.exists():
            for line in lines(path, 2):
                completions.append(json.loads(line)["completion"].encode())
    completions += [b"", b"   \n\t", b"The answer is (b) enjoy.\n\nQ: next", b"So the answer is 12 + 3.", b"#### 1,000"]
    for selector in range(11):
        for text in completions[::2] if selector % 2 else completions[1::2]:
            seed("rationale", bytes([selector]) + text)

    # Server bodies and released output files.
    bodies = [{"choices": [{"index": 0, "text": " A: yes.", "finish_reason": "stop"}], "usage": {"prompt_tokens": 5}},
              {"choices": [{"index": 0, "message": {"role": "assistant", "content": "ok"}, "finish_reason": "length"}]},
              {"choices": [{"text": "a"}, {"index": 1, "text": "b"}, {"index": 7, "text": "c"}, 3]},
              {"error": {"message": "model not found"}}, {"message": "bad"}]
    for selector, body in enumerate(bodies):
        seed("openai-response", bytes([selector]) + json.dumps(body).encode())
    seed("paper-completions", json.dumps(["The answer is yes.", "\u00e9\n"]).encode())
    seed("paper-completions", b'["a", 1]')

    # mds: index.json, separator, the shard bytes (an uncompressed and a zstd split).
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        pipeline = (ROOT / "Pipelines" / "quickstart.yaml").read_text()
        pipeline = pipeline.replace("../", f"{ROOT}/").replace("prompts/", f"{ROOT}/Pipelines/prompts/")
        for compression in ["none", "zstd"]:
            yaml = tmp / f"{compression}.yaml"
            yaml.write_text(pipeline.replace("compression: zstd", f"compression: {compression}"))
            out = tmp / compression
            subprocess.run([args.stepwise, "run", str(yaml), "--out", str(out), "--quiet"], check=True)
            for split in ["valid", "test"]:
                index = (out / split / "index.json").read_bytes()
                shard = next(p for p in (out / split).iterdir() if p.name.startswith("shard."))
                seed("mds", index + SHARD_SEPARATOR + shard.read_bytes())

    for path in sorted((ROOT / "Pipelines").glob("*.yaml")):
        seed("pipeline-yaml", path.read_bytes())
    for path in sorted((ROOT / "Pipelines" / "prompts").glob("*.yaml")):
        seed("exemplars", path.read_bytes())
    print(f"wrote {sum(1 for _ in CORPUS.rglob('*') if _.is_file())} seeds under {CORPUS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
