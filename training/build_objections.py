#!/usr/bin/python3
"""Builds training/data/objections.jsonl from the hand-written objections-{pt,en}.txt.

The split is a pure function of the utterance text (FNV-1a hash of its normalised form), so
adding a sentence never moves an existing one between train and test, and the test split is
never trained on. About 25% of each file goes to test.
"""
import json
import pathlib

from featurize import fnv1a, normalize

HERE = pathlib.Path(__file__).resolve().parent
LABELS = ['price', 'budget', 'timing', 'authority', 'need', 'competitor', 'trust', 'complexity', 'contract', 'none']
TEST_PERCENT = 25


def split_of(text: str) -> str:
    return 'test' if fnv1a('split:' + normalize(text)) % 100 < TEST_PERCENT else 'train'


def parse(path: pathlib.Path, lang: str, split=None):
    label = None
    for raw in path.read_text(encoding='utf-8').splitlines():
        line = raw.strip()
        if not line or line.startswith('#'):
            continue
        if line.startswith('%'):
            lang, label = line[1:].strip(), None
            continue
        if line.startswith('@'):
            label = line[1:].strip()
            if label not in LABELS:
                raise SystemExit(f'{path.name}: unknown label {label!r}')
            continue
        if label is None:
            raise SystemExit(f'{path.name}: utterance before any "@ label" line: {line!r}')
        yield {'text': line, 'lang': lang, 'label': label, 'split': split or split_of(line)}


def main() -> None:
    rows = [*parse(HERE / 'data' / 'objections-pt.txt', 'pt'), *parse(HERE / 'data' / 'objections-en.txt', 'en'),
            *parse(HERE / 'data' / 'objections-fresh.txt', 'pt', 'fresh'), *parse(HERE / 'data' / 'objections-fresh2.txt', 'pt', 'fresh2'),
            *parse(HERE / 'data' / 'objections-fresh3.txt', 'pt', 'fresh3')]
    seen = {}
    for row in rows:
        key = normalize(row['text'])
        if key in seen:
            raise SystemExit(f'duplicate utterance: {row["text"]!r} (also {seen[key]!r})')
        seen[key] = row['text']
    out = HERE / 'data' / 'objections.jsonl'
    with out.open('w', encoding='utf-8') as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + '\n')
    print(f'wrote {len(rows)} utterances to {out.relative_to(HERE.parent)}')
    for lang in ('pt', 'en'):
        for split in ('train', 'test', 'fresh', 'fresh2', 'fresh3'):
            counts = {l: sum(1 for r in rows if r['lang'] == lang and r['split'] == split and r['label'] == l) for l in LABELS}
            print(lang, split, counts)


if __name__ == '__main__':
    main()
