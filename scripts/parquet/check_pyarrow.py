#!/usr/bin/env python3
"""Reads the Parquet files Stepwise writes with real pyarrow and HF `datasets`, comparing
every value, the schema, the key-value metadata, row groups and statistics.

    scripts/parquet/check_pyarrow.py [--cases DIR] [--no-golden] [--swift-build-path PATH] [--require]

The cases (every column kind, nullable and not; empty lists and strings, non-ASCII, NUL,
Int32/Int64 extremes, NaN, infinities, -0.0; one row; zero rows; many pages; several row
groups; a 300k-element list; uncompressed and without statistics) are written by the
Swift test `PyarrowCaseExportTests` (Tests/StepwiseParquetTests/Support/ParquetCases.swift):
this script runs `swift test --filter PyarrowCaseExportTests` with STEPWISE_PARQUET_CASES_DIR
set to a temporary directory, unless --cases names a directory already written. It also
checks the committed golden file (Tests/StepwiseParquetTests/Fixtures/golden/) unless
--no-golden. Per case the directory holds NAME.parquet, NAME.case.json (columns, metadata,
options) and NAME.rows.jsonl (the rows as appended; doubles as {"f64": hex bits}).

For every file:
  * pyarrow: the Arrow schema (names, types, nullability: list<element: int32 not null> for
    token lists), the key-value metadata in order, created_by, num_rows and row group sizes,
    every value (doubles bit for bit), reading whole, by row group, in batches and by column;
    column chunk statistics (null count, min/max) against the values; the codec;
  * pyarrow's own writer given the same table writes the same Parquet schema and the same
    values (so our layout is the one Arrow itself chooses);
  * datasets.load_dataset("parquet", data_files=...): features (Value / List(Value("int32")))
    and every value. A file with zero rows is loaded together with a non-empty one of the
    same columns (datasets refuses a split with no rows at all, pyarrow's own empty files too);
  * datasets.load_dataset("parquet", data_dir=...) over the files of one schema laid out as
    the Hub expects (train/train-0000k-of-0000n.parquet), zero-row file included: one split,
    the files' rows in order;
  * duckdb and polars, when importable (not required): every value again, through readers
    that share no code with Arrow C++.

Needs pyarrow and datasets (scripts/python-requirements.txt; the venv of scripts/python-env
has them). When either is missing it prints SKIPPED with the reason and exits 0 (exit 1
with --require). Exit 1 on any difference, naming the file, row and column.
"""
import argparse
import glob
import json
import math
import os
import shutil
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
GOLDEN = os.path.join(REPO, 'Tests', 'StepwiseParquetTests', 'Fixtures', 'golden')


def skip(reason):
    if '--require' in sys.argv:
        print(f'FAIL Parquet check: {reason}')
        sys.exit(1)
    print(f'SKIPPED Parquet check: {reason}')
    sys.exit(0)


try:
    import pyarrow as pa
    import pyarrow.parquet as pq
except ImportError as e:
    skip(f'pyarrow is not installed ({e}); run scripts/python-env')
try:
    os.environ.setdefault('HF_HUB_OFFLINE', '1')
    os.environ.setdefault('HF_DATASETS_OFFLINE', '1')
    import datasets
except ImportError as e:
    skip(f'datasets is not installed ({e}); run scripts/python-env')


class Mismatch(Exception):
    pass


def decode_cell(v):
    if isinstance(v, dict):
        return struct.unpack('<d', int(v['f64'], 16).to_bytes(8, 'little'))[0]
    return v


def same(a, b):
    """Equality with doubles compared bit for bit (NaN == NaN, -0.0 != 0.0)."""
    if isinstance(a, float) or isinstance(b, float):
        if not (isinstance(a, float) and isinstance(b, float)):
            return False
        return struct.pack('<d', a) == struct.pack('<d', b)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


def compare_rows(what, names, got, expected):
    if len(got) != len(expected):
        raise Mismatch(f'{what}: {len(got)} rows, expected {len(expected)}')
    for r, (g, e) in enumerate(zip(got, expected)):
        for c, name in enumerate(names):
            gv = g[name] if isinstance(g, dict) else g[c]
            if not same(gv, e[c]):
                raise Mismatch(f'{what}: row {r}, column {name!r}: got {gv!r:.200}, expected {e[c]!r:.200}')


ARROW_TYPES = {
    'string': pa.string(), 'int32': pa.int32(), 'int64': pa.int64(), 'double': pa.float64(), 'bool': pa.bool_(),
}
FEATURE_DTYPES = {'string': 'string', 'int32': 'int32', 'int64': 'int64', 'double': 'float64', 'bool': 'bool'}


def check_arrow_schema(what, schema, columns, metadata):
    if schema.names != [c['name'] for c in columns]:
        raise Mismatch(f'{what}: columns {schema.names}')
    for c in columns:
        f = schema.field(c['name'])
        if f.nullable != c['nullable']:
            raise Mismatch(f'{what}: {c["name"]} nullable={f.nullable}')
        if c['kind'] == 'list<int32>':
            if not pa.types.is_list(f.type) or f.type.value_type != pa.int32() or f.type.value_field.nullable:
                raise Mismatch(f'{what}: {c["name"]} is {f.type}, expected list<element: int32 not null>')
        elif f.type != ARROW_TYPES[c['kind']]:
            raise Mismatch(f'{what}: {c["name"]} is {f.type}, expected {ARROW_TYPES[c["kind"]]}')
    got = [(k.decode(), v.decode()) for k, v in (schema.metadata or {}).items()]
    want = [tuple(kv) for kv in metadata]
    if got != want:
        raise Mismatch(f'{what}: key-value metadata {got}, expected {want}')


def expected_statistics(kind, values):
    """(null_count, min, max) as Arrow computes them for a column chunk; min/max None if none."""
    if kind == 'list<int32>':
        nulls = sum(1 for v in values if not v)  # null and empty lists alike, as Arrow counts
        items = [x for v in values if v for x in v]
    else:
        nulls = sum(1 for v in values if v is None)
        items = [v for v in values if v is not None]
    if kind == 'double':
        items = [v for v in items if not math.isnan(v)]
    if not items:
        return nulls, None, None
    if kind == 'string':
        lo = min(items, key=lambda s: s.encode())
        hi = max(items, key=lambda s: s.encode())
        if len(lo.encode()) > 4096 or len(hi.encode()) > 4096:
            return nulls, None, None
        return nulls, lo, hi
    lo, hi = min(items), max(items)
    if kind == 'double':
        lo = -0.0 if lo == 0 else lo
        hi = 0.0 if hi == 0 else hi
    return nulls, lo, hi


def check_statistics(what, pf, case, rows):
    start = 0
    md = pf.metadata
    for g in range(md.num_row_groups):
        rg = md.row_group(g)
        group_rows = rows[start:start + rg.num_rows]
        start += rg.num_rows
        for k, c in enumerate(case['columns']):
            chunk = rg.column(k)
            codec = 'ZSTD' if case['compression'] == 'zstd' else 'UNCOMPRESSED'
            if chunk.compression != codec:
                raise Mismatch(f'{what}: row group {g} {c["name"]}: codec {chunk.compression}')
            if not case['statistics']:
                if chunk.is_stats_set:
                    raise Mismatch(f'{what}: statistics written although off')
                continue
            s = chunk.statistics
            nulls, lo, hi = expected_statistics(c['kind'], [r[k] for r in group_rows])
            if not s.has_null_count or s.null_count != nulls:
                raise Mismatch(f'{what}: row group {g} {c["name"]}: null_count {s.null_count}, expected {nulls}')
            if lo is None:
                if s.has_min_max:
                    raise Mismatch(f'{what}: row group {g} {c["name"]}: min/max {s.min}/{s.max}, expected none')
            elif not s.has_min_max or not same(s.min, lo) or not same(s.max, hi):
                raise Mismatch(f'{what}: row group {g} {c["name"]}: min/max {s.min!r:.60}/{s.max!r:.60}, expected {lo!r:.60}/{hi!r:.60}')


def check_pyarrow(path, case, rows):
    what = os.path.basename(path)
    names = [c['name'] for c in case['columns']]
    pf = pq.ParquetFile(path)
    check_arrow_schema(what, pf.schema_arrow, case['columns'], case['metadata'])
    md = pf.metadata
    if md.created_by != 'stepwise' or md.num_rows != len(rows) or md.num_columns != len(names):
        raise Mismatch(f'{what}: created_by {md.created_by!r}, {md.num_rows} rows, {md.num_columns} columns')
    per_group = case['row_group_rows'] or max(len(rows), 1)
    want_groups = [min(per_group, len(rows) - i) for i in range(0, len(rows), per_group)]
    got_groups = [md.row_group(g).num_rows for g in range(md.num_row_groups)]
    if got_groups != want_groups:
        raise Mismatch(f'{what}: row groups {got_groups}, expected {want_groups}')

    table = pf.read()
    compare_rows(f'{what} (pyarrow)', names, table.to_pylist(), rows)
    compare_rows(f'{what} (pq.read_table)', names, pq.read_table(path).to_pylist(), rows)
    by_group = [r for g in range(md.num_row_groups) for r in pf.read_row_group(g).to_pylist()]
    compare_rows(f'{what} (by row group)', names, by_group, rows)
    batches = [r for b in pf.iter_batches(batch_size=333) for r in b.to_pylist()]
    compare_rows(f'{what} (batches of 333)', names, batches, rows)
    for k, name in enumerate(names):
        got = pq.read_table(path, columns=[name]).column(0).to_pylist()
        compare_rows(f'{what} (column {name})', [name], [[v] for v in got], [[r[k]] for r in rows])
    check_statistics(what, pf, case, rows)

    # pyarrow's own writer, given the same table: the same Parquet schema, the same values.
    with tempfile.TemporaryDirectory() as tmp:
        theirs = os.path.join(tmp, 'theirs.parquet')
        pq.write_table(table, theirs, use_dictionary=False, compression='zstd', store_schema=False)
        tf = pq.ParquetFile(theirs)
        if not tf.schema.equals(pf.schema):
            raise Mismatch(f'{what}: pyarrow writes the schema as\n{tf.schema}\nwe wrote\n{pf.schema}')
        # (Metadata aside: without store_schema pyarrow drops the table's; ours is checked above.)
        if not tf.schema_arrow.equals(pf.schema_arrow, check_metadata=False):
            raise Mismatch(f'{what}: Arrow schema differs from pyarrow\'s own file')
        compare_rows(f'{what} (pyarrow rewrite)', names, tf.read().to_pylist(), rows)
    return table


def check_datasets(path, case, rows, cache, companion):
    what = os.path.basename(path) + ' (datasets)'
    names = [c['name'] for c in case['columns']]
    files = [path] if rows else [path, companion[0]]
    ds = datasets.load_dataset('parquet', data_files={'train': files}, split='train', cache_dir=cache)
    for c in case['columns']:
        f = ds.features[c['name']]
        if c['kind'] == 'list<int32>':
            inner = getattr(f, 'feature', None)
            if type(f).__name__ not in ('List', 'Sequence', 'LargeList') or getattr(inner, 'dtype', None) != 'int32':
                raise Mismatch(f'{what}: feature {c["name"]} is {f!r}')
        elif getattr(f, 'dtype', None) != FEATURE_DTYPES[c['kind']]:
            raise Mismatch(f'{what}: feature {c["name"]} is {f!r}')
    expected = rows if rows else companion[1]
    compare_rows(what, names, ds.to_list(), expected)


def check_other_readers(path, case, rows):
    """duckdb and polars, when installed: independent Parquet readers."""
    names = [c['name'] for c in case['columns']]
    checked = []
    try:
        import duckdb
    except ImportError:
        duckdb = None
    if duckdb is not None and rows:
        con = duckdb.connect()
        got = con.execute(f"select * from read_parquet('{path}')").fetchall()
        got = [[list(v) if isinstance(v, list) else v for v in r] for r in got]
        compare_rows(os.path.basename(path) + ' (duckdb)', names, got, rows)
        checked.append('duckdb')
    try:
        import polars
    except ImportError:
        polars = None
    if polars is not None:
        df = polars.read_parquet(path)
        compare_rows(os.path.basename(path) + ' (polars)', names, df.rows(), rows)
        checked.append('polars')
    return checked


def check_data_dir(loaded, directory, tmp):
    """The cases with the most common column list, as one split in the Hub's layout."""
    by_columns = {}
    for name in sorted(loaded):
        by_columns.setdefault(json.dumps(loaded[name][0]['columns']), []).append(name)
    names = max(by_columns.values(), key=len)
    case = loaded[names[0]][0]
    hub = os.path.join(tmp, 'hub')
    os.makedirs(os.path.join(hub, 'train'))
    expected = []
    for k, name in enumerate(names):
        shutil.copy(os.path.join(directory, name + '.parquet'),
                    os.path.join(hub, 'train', f'train-{k:05d}-of-{len(names):05d}.parquet'))
        expected += loaded[name][1]
    ds = datasets.load_dataset('parquet', data_dir=hub, split='train', cache_dir=os.path.join(tmp, 'hf-cache-dir'))
    compare_rows('data_dir (datasets)', [c['name'] for c in case['columns']], ds.to_list(), expected)
    return names, len(expected)


def load_case(directory, name):
    with open(os.path.join(directory, name + '.case.json'), encoding='utf-8') as f:
        case = json.load(f)
    with open(os.path.join(directory, name + '.rows.jsonl'), encoding='utf-8') as f:
        rows = [[decode_cell(v) if not isinstance(v, list) else v for v in json.loads(line)] for line in f if line.strip()]
    if len(rows) != case['rows']:
        raise Mismatch(f'{name}: rows.jsonl has {len(rows)} rows, case.json says {case["rows"]}')
    return case, rows


def export_cases(directory, build_path):
    env = dict(os.environ, STEPWISE_PARQUET_CASES_DIR=directory)
    cmd = ['swift', 'test', '--filter', 'PyarrowCaseExportTests']
    if build_path:
        cmd += ['--scratch-path', build_path]
    print('+', ' '.join(cmd), f'(STEPWISE_PARQUET_CASES_DIR={directory})', flush=True)
    subprocess.run(cmd, cwd=REPO, env=env, check=True, stdout=subprocess.DEVNULL)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--cases', help='a directory of exported cases (default: export them now)')
    ap.add_argument('--no-golden', action='store_true', help='skip the committed golden file')
    ap.add_argument('--swift-build-path', help='scratch path for swift test (default .build)')
    ap.add_argument('--require', action='store_true', help='fail instead of skipping without pyarrow/datasets')
    args = ap.parse_args()
    datasets.disable_progress_bars()
    datasets.logging.set_verbosity_error()

    tmp = tempfile.mkdtemp(prefix='stepwise-parquet-check-')
    try:
        cases_dir = args.cases
        if not cases_dir:
            cases_dir = os.path.join(tmp, 'cases')
            export_cases(cases_dir, args.swift_build_path)
        dirs = [cases_dir] + ([] if args.no_golden else [GOLDEN])
        print(f'pyarrow {pa.__version__}, datasets {datasets.__version__}')
        failures = 0
        checked = 0
        for d in dirs:
            names = sorted(os.path.basename(p)[:-len('.parquet')] for p in glob.glob(os.path.join(d, '*.parquet')))
            if not names:
                print(f'FAIL no cases in {d}')
                failures += 1
            loaded = {n: load_case(d, n) for n in names}
            # A non-empty file with the same columns, for datasets to load beside a zero-row one.
            def companion_for(case):
                for n, (c, r) in loaded.items():
                    if r and c['columns'] == case['columns']:
                        return os.path.join(d, n + '.parquet'), r
                return None
            for name in names:
                case, rows = loaded[name]
                path = os.path.join(d, name + '.parquet')
                label = os.path.relpath(path, REPO) if d == GOLDEN else name
                try:
                    check_pyarrow(path, case, rows)
                    companion = None if rows else companion_for(case)
                    if not rows and companion is None:
                        raise Mismatch(f'{name}: no non-empty case with the same columns to load it with')
                    check_datasets(path, case, rows, os.path.join(tmp, 'hf-cache'), companion)
                    others = check_other_readers(path, case, rows)
                    size = os.path.getsize(path)
                    groups = pq.ParquetFile(path).metadata.num_row_groups
                    extra = (', ' + ', '.join(others)) if others else ''
                    print(f'ok   {label}: {len(rows)} rows, {len(case["columns"])} columns, {groups} row groups, '
                          f'{size} bytes (pyarrow, datasets{extra})')
                    checked += 1
                except Mismatch as e:
                    print(f'FAIL {e}')
                    failures += 1
            if d == cases_dir:
                try:
                    names, count = check_data_dir(loaded, d, tmp)
                    print(f'ok   data_dir: {", ".join(names)} as train/train-0000k-of-{len(names):05d}.parquet, '
                          f'{count} rows (datasets)')
                except Mismatch as e:
                    print(f'FAIL {e}')
                    failures += 1
        if failures:
            print(f'{failures} file(s) differ')
            return 1
        print(f'all {checked} Parquet files read back equal by pyarrow and datasets')
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(main())
