#!/usr/bin/python3
"""Trains the sentiment model (negative / neutral / positive) and ships it to models/sentiment/.

Data (all real labelled text, see docs/models/sentiment.md):
  - test/fixtures/reviews/{amazon,imdb,yelp}.json (from the sentiment npm package, MIT): 3 x 1,000 English review
    sentences labelled 0/1 (the UCI "Sentiment Labelled Sentences" set, shipped by sentiment@5);
    wink-sentiment's test data is the same Amazon file, so it only serves as a cross-check.
  - training/data/sentiment-pt.txt: Brazilian Portuguese sentences, three labels.
  - training/data/sentiment-en-neutral.txt: English neutral sentences.
  - training/data/sentiment-en-sales.txt: English sales-call sentences, three labels.
Training text also gets one recogniser-style copy of each sentence (augment.py: lower case, no
punctuation or accents, fillers, false starts, dropped words), because the app scores what
Whisper writes; the test split is also reported in that spoken form (a seeded rendering).
Lexicon: AFINN-165 (wink-sentiment, MIT) words with |score| >= 2 plus a Portuguese list, as
k:pos / k:neg / k:negation features. Model: the same hashed n-gram featuriser and multinomial
logistic regression as the objection model, exported to ONNX. The score the app shows is
P(positive) - P(negative), in [-1, 1].

Run: /usr/bin/python3 training/train_sentiment.py
"""
import datetime
import json
import subprocess

import random

import numpy as np
from sklearn.linear_model import LogisticRegression

from augment import augment_rows, noisy

from common import REPO, export_linear_softmax, per_class_report, probs_float32, report_table, write_fixture, write_metrics
from featurize import compile_lexicon, featurize_matrix, fnv1a, normalize

LABELS = ['negative', 'neutral', 'positive']
DIM = 1 << 15
CHAR_RANGE = (2, 4)
LEXICON_WEIGHT = 3.0
C = 10.0
TEST_PERCENT = 20
SEED = 7


def split_of(text: str) -> str:
    return 'test' if fnv1a('split:' + normalize(text)) % 100 < TEST_PERCENT else 'train'


def read_labelled_txt(path, lang):
    label = None
    for raw in path.read_text(encoding='utf-8').splitlines():
        line = raw.strip()
        if not line or line.startswith('#'):
            continue
        if line.startswith('@'):
            label = line[1:].strip()
            assert label in LABELS, label
            continue
        yield {'text': line, 'lang': lang, 'label': label, 'source': path.name}


def load_rows():
    rows = []
    for name in ('amazon', 'imdb', 'yelp'):
        for item in json.loads((REPO / f'test/fixtures/reviews/{name}.json').read_text(encoding='utf-8')):
            rows.append({'text': item['text'].strip(), 'lang': 'en', 'label': 'positive' if item['class'] == 1 else 'negative', 'source': f'sentiment@5 {name}'})
    wink = (REPO / 'node_modules/wink-sentiment/test/data/amazon_cells_labelled.txt').read_text(encoding='utf-8')
    for line in wink.splitlines():
        if '\t' in line:
            text, cls = line.rsplit('\t', 1)
            rows.append({'text': text.strip(), 'lang': 'en', 'label': 'positive' if cls.strip() == '1' else 'negative', 'source': 'wink-sentiment amazon'})
    rows += read_labelled_txt(REPO / 'training/data/sentiment-pt.txt', 'pt')
    rows += read_labelled_txt(REPO / 'training/data/sentiment-en-neutral.txt', 'en')
    rows += read_labelled_txt(REPO / 'training/data/sentiment-en-sales.txt', 'en')
    unique, seen = [], set()
    for r in rows:
        key = normalize(r['text'])
        if key and key not in seen:
            seen.add(key)
            unique.append({**r, 'split': split_of(r['text'])})
    return unique, len(rows) - len(unique)


def build_lexicon():
    afinn = json.loads(subprocess.check_output(['node', '-e', "process.stdout.write(JSON.stringify(require('wink-sentiment/src/afinn-en-165.js')))"], cwd=REPO))
    pt = json.loads((REPO / 'training/data/sentiment-lexicon-pt.json').read_text(encoding='utf-8'))
    pos = sorted(w for w, s in afinn.items() if s >= 2 and normalize(w) == w) + pt['pos']
    neg = sorted(w for w, s in afinn.items() if s <= -2 and normalize(w) == w) + pt['neg']
    negation = ['not', 'no', 'never', 'dont', 'don t', 'didn t', 'doesn t', 'isn t', 'wasn t', 'won t', 'can t', 'nothing', 'nobody'] + pt['negation']
    return {'_doc': 'Polarity lexicon for the sentiment featuriser: AFINN-165 (via wink-sentiment, MIT; |score| >= 2) + a Portuguese list (training/data/sentiment-lexicon-pt.json).',
            'pos': pos, 'neg': neg, 'negation': negation}


def main() -> None:
    rows, dupes = load_rows()
    out_dir = REPO / 'models/sentiment'
    out_dir.mkdir(parents=True, exist_ok=True)
    lexicon_json = build_lexicon()
    (out_dir / 'lexicon.json').write_text(json.dumps(lexicon_json, ensure_ascii=False, indent=0) + '\n', encoding='utf-8')
    lexicon = compile_lexicon(lexicon_json)
    train = augment_rows([r for r in rows if r['split'] == 'train'], 1, SEED)
    test = [r for r in rows if r['split'] == 'test']
    X_train = featurize_matrix([r['text'] for r in train], DIM, *CHAR_RANGE, lexicon, LEXICON_WEIGHT)
    y_train = np.array([LABELS.index(r['label']) for r in train])
    model = LogisticRegression(C=C, max_iter=300, tol=1e-3, class_weight='balanced', random_state=SEED).fit(X_train, y_train)
    order = [list(model.classes_).index(i) for i in range(len(LABELS))]
    w, b = model.coef_[order].T.copy(), model.intercept_[order].copy()
    X_test = featurize_matrix([r['text'] for r in test], DIM, *CHAR_RANGE, lexicon, LEXICON_WEIGHT)
    probs = probs_float32(X_test, w, b)
    y_true = [r['label'] for r in test]
    y_pred = [LABELS[int(np.argmax(p))] for p in probs]
    report, macro, accuracy = per_class_report(y_true, y_pred, LABELS)
    by_lang = {}
    for lang in ('pt', 'en'):
        idx = [i for i, r in enumerate(test) if r['lang'] == lang]
        _, m, a = per_class_report([y_true[i] for i in idx], [y_pred[i] for i in idx], LABELS)
        by_lang[lang] = {'macroF1': m, 'accuracy': a, 'size': len(idx)}
    rng = random.Random(SEED + 1)
    spoken_probs = probs_float32(featurize_matrix([noisy(r['text'], r['lang'], rng) for r in test], DIM, *CHAR_RANGE, lexicon, LEXICON_WEIGHT), w, b)
    _, spoken_macro, spoken_acc = per_class_report(y_true, [LABELS[int(np.argmax(p))] for p in spoken_probs], LABELS)

    sha = export_linear_softmax(out_dir / 'model.onnx', w, b, 'salesedge-sentiment', 'SalesEdge sentiment (hashed n-grams + logistic regression)')
    config = {'name': 'salesedge-sentiment', 'version': '1.1.0', 'labels': LABELS,
              'featurizer': {'dim': DIM, 'charMin': CHAR_RANGE[0], 'charMax': CHAR_RANGE[1], 'lexicon': 'lexicon.json', 'lexiconWeight': LEXICON_WEIGHT},
              'input': 'features', 'output': 'probabilities', 'sha256': sha}
    (out_dir / 'config.json').write_text(json.dumps(config, indent=2) + '\n', encoding='utf-8')
    (out_dir / 'metrics.json').write_text(json.dumps({'macroF1': macro, 'accuracy': accuracy, 'byLanguage': by_lang, 'testSize': len(test),
                                                      'spokenStyleTest': {'macroF1': spoken_macro, 'accuracy': spoken_acc},
                                                      'trainSize': len(train), 'duplicatesDropped': dupes, 'perClass': report}, indent=2) + '\n', encoding='utf-8')
    write_fixture(out_dir / 'featurizer-fixture.json', ['Adorei a demo, muito bom!', 'The mic is not great.', 'pessimo atendimento nao recomendo'],
                  DIM, *CHAR_RANGE, lexicon, LEXICON_WEIGHT, 'lexicon.json')
    # The test split, for the Node test that recomputes macro-F1 through ONNX Runtime.
    with (REPO / 'training/data/sentiment-test.jsonl').open('w', encoding='utf-8') as f:
        for r in test:
            f.write(json.dumps({'text': r['text'], 'lang': r['lang'], 'label': r['label']}, ensure_ascii=False) + '\n')

    counts = {s: {l: sum(1 for r in rows if r['split'] == s and r['label'] == l) for l in LABELS} for s in ('train', 'test')}
    md = [
        '# Sentiment model: held-out metrics', '',
        f'Written by `training/train_sentiment.py` on {datetime.date.today().isoformat()}. {len(train)} training and {len(test)} test',
        f'sentences ({dupes} duplicates dropped; split fixed by a hash of the text, {TEST_PERCENT}% test). Train {counts["train"]}, test {counts["test"]}.', '',
        f'**Macro-F1 {macro:.3f}**, accuracy {accuracy:.3f}. Portuguese: macro-F1 {by_lang["pt"]["macroF1"]:.3f} ({by_lang["pt"]["size"]} sentences);',
        f'English: macro-F1 {by_lang["en"]["macroF1"]:.3f} ({by_lang["en"]["size"]} sentences, mostly two-class review text).', '',
        report_table(report), '',
        f'The same test split as a recogniser writes it (seeded rendering by augment.py: lower case, no punctuation,',
        f'fillers, false starts): macro-F1 {spoken_macro:.3f}, accuracy {spoken_acc:.3f}.', '',
    ]
    write_metrics('sentiment-metrics.md', md)


if __name__ == '__main__':
    main()
