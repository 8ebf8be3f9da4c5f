#!/usr/bin/python3
"""Builds training/data/objections.jsonl from the hand-written utterance files.

Sources: objections-{pt,en}.txt (round 1, one author, tidy and spoken style), the three
`fresh*` sets (held-out checks of model 1.0.0), and training/data/speech/*.txt (round 2:
several authors, each with their own brief: regional colloquial pt-BR, informal English,
indirect/idiomatic and multi-clause turns, hard negatives and terse objections). Each row
records its `author` (the file), so training can hold out one author at a time.

The split is a pure function of the utterance text (FNV-1a hash of its normalised form), so
adding a sentence never moves an existing one between train and test, and the test split is
never trained on. About 25% of each file goes to test. An utterance a later author repeats
(after normalisation) is kept once, from the first file.

training/blind/ is never used as data here: it is the blind set, evaluated only by
evaluate_blind.py. The one thing done with it is a leak guard: the FNV-1a hashes of its
normalised lines are compared with the training lines', and a training line equal to a blind
line is left out of the labelled set (only the count is printed; nothing from the blind files
is kept). Before this guard (model 2.0.0) some 37 training lines equalled a blind line.
"""
import json
import pathlib

from featurize import fnv1a, normalize

HERE = pathlib.Path(__file__).resolve().parent
LABELS = ['price', 'budget', 'timing', 'authority', 'need', 'competitor', 'trust', 'complexity', 'contract', 'none']
TEST_PERCENT = 25


def split_of(text: str) -> str:
    return 'test' if fnv1a('split:' + normalize(text)) % 100 < TEST_PERCENT else 'train'


def parse(path: pathlib.Path, lang: str, split=None, author=None):
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
        yield {'text': line, 'lang': lang, 'label': label, 'split': split or split_of(line), 'author': author or 'round1'}


def blind_hashes():
    hashes = set()
    for path in sorted([*(HERE / 'blind').glob('objections-blind*.txt'), *(HERE / 'blind4').glob('objections-blind*.txt')]):
        for raw in path.read_text(encoding='utf-8').splitlines():
            # blind4 is tab-separated (label, language, text): only the text counts.
            line = raw.split('\t')[-1].strip() if '\t' in raw else raw.strip()
            if line and line[0] not in '#%@':
                hashes.add(fnv1a('leak:' + normalize(line)))
    return hashes


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
    repeated = 0
    for path in sorted((HERE / 'data' / 'speech').glob('*.txt')):
        for row in parse(path, 'pt', author=path.stem):
            key = normalize(row['text'])
            if not key:
                continue
            if key in seen:
                repeated += 1
                continue
            seen[key] = row['text']
            rows.append(row)
    blind = blind_hashes()
    kept = [r for r in rows if fnv1a('leak:' + normalize(r['text'])) not in blind]
    print(f'{len(rows) - len(kept)} utterances equal a blind-set line (normalised) and are left out')
    rows = kept
    print(f'{repeated} utterances of training/data/speech repeat an earlier one and are kept once')
    out = HERE / 'data' / 'objections.jsonl'
    with out.open('w', encoding='utf-8') as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + '\n')
    print(f'wrote {len(rows)} utterances to {out.relative_to(HERE.parent)}')
    for lang in ('pt', 'en'):
        for split in ('train', 'test'):
            counts = {l: sum(1 for r in rows if r['lang'] == lang and r['split'] == split and r['label'] == l) for l in LABELS}
            print(lang, split, counts)


if __name__ == '__main__':
    main()
