#!/usr/bin/env python3
"""Reads a Stepwise output directory through the real mosaicml-streaming library and
compares every value with what was written.

Needs: mosaicml-streaming (which brings numpy, zstd, torch). Run it through
check_streaming.sh, which finds or makes the venv and skips cleanly without one:

    scripts/shards/check_streaming.sh OUT [--expected EXPECTED.jsonl] [--validate-hash sha1]

For every split of OUT (a directory with index.json; for a partitioned run that is not
merged yet, each rank folder) it opens
    StreamingDataset(local=<mirror>, split=<split>, remote=None, shuffle=False, batch_size=1)
on a temp-dir mirror of symlinks (decompressed .mds copies left out, so the zips are what
gets read and OUT is never modified), reads every sample with ds[i], iterates once, and
compares each column with the expected value:
  --expected FILE  JSON lines {"split": S, "index": I, <column>: value, ...} written by the
                   producer of OUT (token columns as lists of ints, text as strings);
  otherwise        a plain decoding of the shard bytes written here from the MDS spec
                   (struct + zstd, no streaming code), so two independent readers must agree.
Token columns must come back as numpy arrays of the dtype named in the index. A split with
rank folders and a merged index.json must equal, byte for byte, what streaming's own
merge_index makes of the rank folders' indexes.
--validate-hash ALGO is passed to StreamingDataset for the splits whose index lists ALGO.
Exit status: 0 when everything matched, 1 on any difference or error, 2 on bad usage.
"""
import argparse
import json
import os
import shutil
import struct
import sys
import tempfile


def splits_of(root):
    """(label, split dir relative to root) for every readable dataset under root."""
    out = []
    for name in sorted(os.listdir(root)):
        d = os.path.join(root, name)
        if not os.path.isdir(d):
            continue
        if os.path.isfile(os.path.join(d, 'index.json')):
            out.append((name, name))
            continue
        for rank in sorted(os.listdir(d)):
            if rank.isdigit() and os.path.isfile(os.path.join(d, rank, 'index.json')):
                out.append((f'{name}/{rank}', os.path.join(name, rank)))
    return out


def mirror(src, dst):
    """Symlink mirror of src, leaving out .mds files that have a .zstd beside them."""
    for dirpath, _, files in os.walk(src):
        rel = os.path.relpath(dirpath, src)
        target = os.path.join(dst, rel) if rel != '.' else dst
        os.makedirs(target, exist_ok=True)
        for f in files:
            if f.endswith('.mds') and f + '.zstd' in files:
                continue
            os.symlink(os.path.abspath(os.path.join(dirpath, f)), os.path.join(target, f))


def plain_decode(split_dir):
    """Every sample of split_dir decoded straight from the bytes (mds-format.md §3-4)."""
    return list(iter_plain(split_dir))


def iter_plain(split_dir):
    """plain_decode one sample at a time, one shard in memory (for large splits)."""
    import zstd
    index = json.load(open(os.path.join(split_dir, 'index.json')))
    for sh in index['shards']:
        if sh['compression']:
            raw = zstd.decompress(open(os.path.join(split_dir, sh['zip_data']['basename']), 'rb').read())
        else:
            raw = open(os.path.join(split_dir, sh['raw_data']['basename']), 'rb').read()
        n, = struct.unpack_from('<I', raw, 0)
        offs = struct.unpack_from(f'<{n + 1}I', raw, 4)
        names, encs = sh['column_names'], sh['column_encodings']
        for i in range(n):
            at = offs[i]
            lens = struct.unpack_from(f'<{len(names)}I', raw, at)
            at += 4 * len(names)
            rec = {}
            for name, enc, ln in zip(names, encs, lens):
                payload = raw[at:at + ln]
                at += ln
                if enc == 'str':
                    rec[name] = payload.decode('utf-8')
                else:
                    code = payload[0] & 3
                    width = [1, 2, 4, 8][code]
                    count = int.from_bytes(payload[1:1 + width], 'little')
                    fmt = {'ndarray:int32': 'i', 'ndarray:uint16': 'H'}[enc]
                    rec[name] = list(struct.unpack_from(f'<{count}{fmt}', payload, 1 + width))
            yield rec


def check_one(args, label, rel):
    """Reads one dataset with StreamingDataset; returns the number of differences."""
    import numpy as np
    from streaming import StreamingDataset
    from streaming.base.util import clean_stale_shared_memory

    index = json.load(open(os.path.join(args.out, rel, 'index.json')))
    dtypes = {}
    for sh in index['shards']:
        for n, e in zip(sh['column_names'], sh['column_encodings']):
            if e.startswith('ndarray:'):
                dtypes[n] = e.split(':')[1]
    if args.expected:
        want = {}
        with open(args.expected) as f:
            for line in f:
                r = json.loads(line)
                if r.pop('split') == label:
                    want[r.pop('index')] = r
        want = [want[i] for i in sorted(want)]
    else:
        want = plain_decode(os.path.join(args.out, rel))

    errors = 0
    tmp = tempfile.mkdtemp(prefix='stepwise_check_')
    try:
        local = os.path.join(tmp, 'ds')
        mirror(os.path.abspath(args.out), local)
        clean_stale_shared_memory()
        validate = args.validate_hash
        if validate and not all(validate in sh['hashes'] for sh in index['shards']):
            print(f'{label}: index has no {validate} hashes; reading without validate_hash')
            validate = None
        ds = StreamingDataset(local=local, split=rel, remote=None, shuffle=False, batch_size=1,
                              validate_hash=validate)
        if ds.num_samples != len(want):
            print(f'ERROR: {label}: StreamingDataset has {ds.num_samples} samples, expected {len(want)}')
            return 1
        for i in range(ds.num_samples):
            got = ds[i]
            exp = want[i]
            if set(got) != set(exp):
                print(f'ERROR: {label}[{i}]: columns {sorted(got)} != expected {sorted(exp)}')
                errors += 1
                continue
            for col, value in exp.items():
                g = got[col]
                if isinstance(value, list):
                    ok = isinstance(g, np.ndarray) and g.dtype == np.dtype(dtypes[col]) and g.tolist() == value
                else:
                    ok = g == value
                if not ok:
                    errors += 1
                    if errors <= 20:
                        print(f'ERROR: {label}[{i}].{col}: streaming gave {g!r}, expected {value!r}')
        count = sum(1 for _ in ds)
        if count != ds.num_samples:
            print(f'ERROR: {label}: iteration yielded {count} samples, expected {ds.num_samples}')
            errors += 1
        print(f'{label}: {ds.num_samples} samples read by StreamingDataset, compared with '
              f'{"--expected" if args.expected else "a plain decoding"}')
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return errors


def same_as_merge_index(split_dir, ranks):
    """Whether split_dir/index.json equals what streaming's merge_index makes of the ranks."""
    from streaming.base.util import merge_index
    tmp = tempfile.mkdtemp(prefix='stepwise_merge_')
    try:
        for r in ranks:
            src = os.path.join(split_dir, r, 'index.json')
            if os.path.isfile(src):
                os.makedirs(os.path.join(tmp, r))
                shutil.copy(src, os.path.join(tmp, r, 'index.json'))
        merge_index(tmp, keep_local=True)
        ours = open(os.path.join(split_dir, 'index.json'), 'rb').read()
        theirs = open(os.path.join(tmp, 'index.json'), 'rb').read()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if ours != theirs:
        print(f'ERROR: {split_dir}/index.json differs from what streaming merge_index makes of the rank folders')
        return False
    print(f'{split_dir}/index.json: byte-identical to streaming merge_index over {len(ranks)} rank folders')
    return True


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('out')
    ap.add_argument('--expected', help='JSON lines with split, index and the column values')
    ap.add_argument('--validate-hash', default=None)
    ap.add_argument('--one', nargs=2, metavar=('LABEL', 'REL'), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if not os.path.isdir(args.out):
        print(f'not a directory: {args.out}', file=sys.stderr)
        return 2

    if args.one:
        # One dataset per process: StreamingDataset keeps process-wide shared state.
        errors = check_one(args, *args.one)
        sys.stdout.flush()
        os._exit(1 if errors else 0)  # its threads would keep the process alive

    import subprocess
    found = splits_of(args.out)
    if not found:
        print(f'ERROR: no index.json below {args.out}')
        return 1
    failed = []
    for split in sorted(os.listdir(args.out)):
        d = os.path.join(args.out, split)
        ranks = sorted(r for r in os.listdir(d) if r.isdigit()) if os.path.isdir(d) else []
        if ranks and os.path.isfile(os.path.join(d, 'index.json')):
            if not same_as_merge_index(d, ranks):
                failed.append(f'{split} (merged index)')
    for label, rel in found:
        cmd = [sys.executable, os.path.abspath(__file__), args.out, '--one', label, rel]
        if args.expected:
            cmd += ['--expected', args.expected]
        if args.validate_hash:
            cmd += ['--validate-hash', args.validate_hash]
        if subprocess.call(cmd, timeout=900) != 0:
            failed.append(label)
    if failed:
        print(f'FAILED: {", ".join(failed)}')
        return 1
    total = sum(sum(sh['samples'] for sh in json.load(open(os.path.join(args.out, rel, 'index.json')))['shards'])
                for _, rel in found)
    print(f'OK: {total} samples')
    return 0


if __name__ == '__main__':
    sys.exit(main())
