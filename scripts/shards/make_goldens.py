#!/usr/bin/env python3
"""Writes the golden MDS datasets the Swift shard-writer tests compare against.

Needs: Python 3 with numpy, zstd (python-zstd) and xxhash -- the mosaicml-streaming venv has
all three:  ${STEPWISE_VENV:-$HOME/.cache/stepwise/venv}/bin/python scripts/shards/make_goldens.py

The datasets are written by the independent reference writer
`../shared/design/mds_ref_writer.py` (byte-identical to streaming.MDSWriter 0.13.0), imported
from where it lies, never copied. For every case it writes into
Tests/StepwiseShardsTests/Fixtures/golden/<case>/:
  case.settings   the writer settings (JSON; not named *.json so no MDS tool reads it as an index)
  records.jsonl   the input samples, one JSON object per line, in order
  expected/       index.json and shard files as the reference writer made them; for
                  compressed cases the raw shard is kept too (shard.NNNNN.mds beside the zip)
Run it again after changing the cases; never edit the outputs by hand.

The Swift test always compares raw shards byte for byte. It compares the zips and index.json
byte for byte too when the libzstd that python-zstd bundles (recorded in case.settings) is the
one the package links; the committed goldens were made in a venv with `zstd==1.5.4.1`
(libzstd 1.5.4, as Debian bookworm's libzstd-dev), plus numpy and xxhash.
"""
import json
import os
import shutil
import sys

import numpy as np
import zstd

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO, '..', 'shared', 'design'))
import mds_ref_writer  # noqa: E402

OUT = os.path.join(REPO, 'Tests', 'StepwiseShardsTests', 'Fixtures', 'golden')
TOKEN_COLUMNS = ['input_ids', 'expl_input_ids', 'labels', 'teacher_labels', 'aux_labels']
TEXT_COLUMNS = ['input', 'label', 'teacher_label', 'rationale']


class Lcg:
    """A tiny deterministic generator, so the records never depend on numpy's RNG."""

    def __init__(self, seed):
        self.state = seed

    def next(self, bound):
        self.state = (self.state * 6364136223846793005 + 1442695040888963407) % (1 << 64)
        return (self.state >> 33) % bound


def stepwise_records(count, seed, vocab, text):
    rng = Lcg(seed)
    words = ['premise', 'hypothesis', 'entailment', 'neutral', 'the', 'cat', 'sat', 'üñí', '東京',
             'so the answer is', '</s>', 'x = 3 + 4', '"quoted"', 'tab\there', 'line\nbreak']
    records = []
    for i in range(count):
        lengths = {c: rng.next(40) + 1 for c in TOKEN_COLUMNS}
        if i == 3:
            lengths['aux_labels'] = 300  # shape stored as u16
        if i == 5:
            lengths['labels'] = 0  # an empty array decodes fine in streaming
        rec = {'id': f'rec-{i:03d}' + ('-ü' if i % 7 == 0 else '')}
        for c in TOKEN_COLUMNS:
            vals = [rng.next(vocab) for _ in range(lengths[c])]
            if vals:
                vals[-1] = 1  # EOS
            rec[c] = vals
        if text:
            for c in TEXT_COLUMNS:
                rec[c] = ' '.join(words[rng.next(len(words))] for _ in range(rng.next(12)))
        records.append(rec)
    return records


CASES = [
    # name, columns, records, writer settings
    ('spec_9a', {'input_ids': 'ndarray:int32', 'text': 'str'},
     [{'input_ids': [1, 2, 3], 'text': 'hello'}, {'input_ids': [50256, 70000], 'text': 'MDS'}],
     {'compression': None, 'size_limit': 1 << 26, 'hashes': []}),
    ('spec_9b', {'input_ids': 'ndarray:int32', 'text': 'str'},
     [{'input_ids': [1, 2, 3], 'text': 'hello'}, {'input_ids': [50256, 70000], 'text': 'MDS'}],
     {'compression': 'zstd', 'size_limit': 1 << 26, 'hashes': []}),
    ('stepwise_int32', dict([('id', 'str')] + [(c, 'ndarray:int32') for c in TOKEN_COLUMNS]),
     stepwise_records(40, 7, 32128, False),
     {'compression': 'zstd', 'size_limit': 3000, 'hashes': ['sha1', 'xxh64']}),
    ('stepwise_uint16_text',
     dict([('id', 'str')] + [(c, 'ndarray:uint16') for c in TOKEN_COLUMNS] + [(c, 'str') for c in TEXT_COLUMNS]),
     stepwise_records(30, 11, 32128, True),
     {'compression': 'zstd:7', 'size_limit': 2500, 'hashes': ['xxh64']}),
    ('stepwise_raw_nolimit', dict([('id', 'str')] + [(c, 'ndarray:int32') for c in TOKEN_COLUMNS]),
     stepwise_records(12, 3, 32128, False),
     {'compression': None, 'size_limit': None, 'hashes': ['sha1']}),
]


def main():
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    for name, columns, records, settings in CASES:
        case_dir = os.path.join(OUT, name)
        os.makedirs(case_dir)
        dtype = {c: np.dtype(e.split(':')[1]) for c, e in columns.items() if e.startswith('ndarray')}
        samples = [{c: (np.array(v, dtype=dtype[c]) if c in dtype else v) for c, v in r.items()} for r in records]
        level = 3
        if settings['compression'] and ':' in settings['compression']:
            level = int(settings['compression'].split(':')[1])
        mds_ref_writer.write_dataset(
            os.path.join(case_dir, 'expected'), columns, samples, compression=settings['compression'],
            size_limit=settings['size_limit'], hashes=settings['hashes'], level=level,
            keep_raw=settings['compression'] is not None)
        with open(os.path.join(case_dir, 'records.jsonl'), 'w') as f:
            for r in records:
                f.write(json.dumps(r, ensure_ascii=False) + '\n')
        with open(os.path.join(case_dir, 'case.settings'), 'w') as f:
            json.dump(dict(settings, columns=columns, zstd_library=zstd.ZSTD_version()), f, sort_keys=True)
            f.write('\n')
        print(f'{name}: {len(records)} records -> {sorted(os.listdir(os.path.join(case_dir, "expected")))}')


if __name__ == '__main__':
    main()
