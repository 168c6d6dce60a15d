#!/usr/bin/env python3
"""Checks the Parquet files and the dataset card of a Stepwise output directory against its
MDS shards, with the real readers: pyarrow.parquet, HF datasets and huggingface_hub.

Needs: pyarrow, datasets, huggingface_hub, zstd (the venv of scripts/python-env).

    python3 scripts/parquet/check_output.py OUT [--skip-datasets]

For every split with MDS shards (OUT/<split>/index.json):
  1. pyarrow: each OUT/parquet/<split>/<split>-NNNNN-of-MMMMM.parquet (one per shard, the
     counts and names agreeing with index.json) has the shard's columns, tokens as
     list<int32>, every column chunk zstd-compressed when the shards are; every row equals
     the MDS sample at the same position (decoded from the shard bytes by
     scripts/shards/check_streaming.py's plain decoder, independent of Stepwise's reader).
  2. datasets: load_dataset("parquet", data_dir=OUT/parquet) gives the same rows in the same
     order (split "valid" comes back as "validation", datasets' name for it), and so does
     load_dataset(OUT) through the card's `configs`, split names as written.
  3. huggingface_hub.DatasetCard.load(OUT/README.md) parses; its dataset_info features are
     what datasets derives from the Parquet schema, its num_examples the shards' counts.
Exit status: 0 when everything matched, 1 on any difference, 2 on bad usage.
"""
import argparse
import glob
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'shards'))
from check_streaming import iter_plain  # noqa: E402

HF_SPLIT = {'valid': 'validation'}


def fail(message):
    print(f'FAIL: {message}')
    sys.exit(1)


def mds_splits(out):
    return sorted(n for n in os.listdir(out) if os.path.isfile(os.path.join(out, n, 'index.json')))


def same(row, sample, where):
    if set(row) != set(sample):
        fail(f'{where}: columns {sorted(row)} vs MDS {sorted(sample)}')
    for k, v in sample.items():
        got = row[k]
        if isinstance(got, (list, tuple)) or hasattr(got, 'tolist'):
            got = list(got.tolist() if hasattr(got, 'tolist') else got)
        if got != v:
            fail(f'{where}, column {k}: {str(got)[:200]} != MDS {str(v)[:200]}')


def check_pyarrow(out, split):
    import pyarrow as pa
    import pyarrow.parquet as pq
    index = json.load(open(os.path.join(out, split, 'index.json')))
    shards = index['shards']
    files = sorted(glob.glob(os.path.join(out, 'parquet', split, '*.parquet')))
    want = [f'{split}-{i:05d}-of-{len(shards):05d}.parquet' for i in range(len(shards))]
    if [os.path.basename(f) for f in files] != want:
        fail(f'{split}: Parquet files {[os.path.basename(f) for f in files]}, expected {want}')
    samples = iter_plain(os.path.join(out, split))
    position = 0
    for f, shard in zip(files, shards):
        pf = pq.ParquetFile(f)
        if pf.metadata.num_rows != shard['samples']:
            fail(f'{f}: {pf.metadata.num_rows} rows, its shard has {shard["samples"]}')
        schema = pf.schema_arrow
        for name, enc in zip(shard['column_names'], shard['column_encodings']):
            t = schema.field(name).type
            ok = t == pa.string() if enc == 'str' else pa.types.is_list(t) and t.value_type == pa.int32()
            if not ok:
                fail(f'{f}: column {name} is {t} (MDS {enc})')
        for rg in range(pf.metadata.num_row_groups):
            for c in range(pf.metadata.num_columns):
                codec = pf.metadata.row_group(rg).column(c).compression
                if shard['compression'] and codec != 'ZSTD':
                    fail(f'{f}: column chunk {c} is {codec}, expected ZSTD')
        for row in pq.read_table(f).to_pylist():
            same(row, next(samples), f'{f} row {position}')
            position += 1
    if next(samples, None) is not None:
        fail(f'{split}: MDS has more samples than the Parquet files ({position})')
    return position


def check_datasets(out, splits, counts):
    import datasets
    with tempfile.TemporaryDirectory() as cache:
        by_dir = datasets.load_dataset('parquet', data_dir=os.path.join(out, 'parquet'), cache_dir=cache)
        by_card = datasets.load_dataset(out, cache_dir=cache)
        for split in splits:
            for label, ds, name in (('data_dir', by_dir, HF_SPLIT.get(split, split)), ('card configs', by_card, split)):
                if name not in ds:
                    fail(f'load_dataset ({label}) has no split {name}: {list(ds)}')
                d = ds[name]
                if len(d) != counts[split]:
                    fail(f'load_dataset ({label}) {name}: {len(d)} rows, MDS {counts[split]}')
                for i, (row, sample) in enumerate(zip(d, iter_plain(os.path.join(out, split)))):
                    same(row, sample, f'load_dataset ({label}) {name}[{i}]')
        return datasets.__version__


def check_card(out, splits, counts):
    import datasets
    import pyarrow.parquet as pq
    from huggingface_hub import DatasetCard
    card = DatasetCard.load(os.path.join(out, 'README.md'))
    data = card.data.to_dict()
    info = data.get('dataset_info') or fail('the card has no dataset_info')
    first = sorted(glob.glob(os.path.join(out, 'parquet', splits[0], '*.parquet')))[0]
    features = datasets.Features.from_arrow_schema(pq.read_schema(first))
    if info['features'] != features._to_yaml_list():
        fail(f'card features {info["features"]} != datasets {features._to_yaml_list()}')
    got = {s['name']: s['num_examples'] for s in info['splits']}
    if got != counts:
        fail(f'card num_examples {got} != MDS {counts}')
    config = data['configs'][0]
    paths = {f['split']: f['path'] for f in config['data_files']}
    if sorted(paths) != sorted(splits):
        fail(f'card configs name splits {sorted(paths)}, MDS has {splits}')
    for k in ('task_categories', 'pretty_name'):
        if not data.get(k):
            fail(f'card has no {k}')
    return data


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('out')
    ap.add_argument('--skip-datasets', action='store_true', help='pyarrow and the card only (faster on large outputs)')
    args = ap.parse_args()
    out = os.path.abspath(args.out)
    splits = mds_splits(out)
    if not splits:
        print(f'{out}: no MDS splits', file=sys.stderr)
        sys.exit(2)
    counts = {s: check_pyarrow(out, s) for s in splits}
    print('pyarrow: ' + ', '.join(f'{s} {n} rows' for s, n in counts.items()) + ' equal to MDS')
    data = check_card(out, splits, counts)
    print(f'DatasetCard.load: ok (license {data.get("license")}, task_categories {data["task_categories"]}, '
          f'{len(data["dataset_info"]["features"])} features, splits {list(counts)})')
    if not args.skip_datasets:
        version = check_datasets(out, splits, counts)
        print(f'datasets {version}: load_dataset("parquet", data_dir=...) and load_dataset(OUT) via the card equal to MDS')
    print('parquet output check passed')


if __name__ == '__main__':
    main()
