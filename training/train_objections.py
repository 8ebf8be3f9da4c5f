#!/usr/bin/python3
"""Trains the objection classifier and ships it to models/objection/.

Model: hashed word + char n-gram features (featurize.py) -> multinomial logistic regression
(scikit-learn), exported as a three-node ONNX graph (MatMul, Add, Softmax) that
onnxruntime-node runs in the app. Hyper-parameters and the confidence threshold are chosen
with 5-fold cross-validation on the train split only; the test split is used once, for the
figures written to docs/models/objection-metrics.md and models/objection/metrics.json.

Run: /usr/bin/python3 training/train_objections.py   (Debian's python3-sklearn, python3-onnx)
"""
import datetime
import json
import pathlib

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from common import REPO, export_linear_softmax, per_class_report, probs_float32, report_table, write_fixture, write_metrics
from featurize import compile_lexicon, featurize_matrix

LABELS = ['price', 'budget', 'timing', 'authority', 'need', 'competitor', 'trust', 'complexity', 'contract', 'none']
DIM = 1 << 15
GRID = [(cr, lw, c) for cr in [(3, 5)] for lw in [2.0, 3.0, 4.0] for c in [30.0]]
LEXICON_PATH = REPO / 'models/objection/lexicon.json'
THRESHOLDS = [round(0.10 + 0.025 * i, 3) for i in range(25)]
SEED = 7


def decide(probs: np.ndarray, threshold: float):
    """Top class, but an objection below the threshold counts as `none` (what the app shows)."""
    none = LABELS.index('none')
    out = []
    for p in probs:
        k = int(np.argmax(p))
        out.append(LABELS[none] if k != none and p[k] < threshold else LABELS[k])
    return out


def fit(X, y, c: float) -> LogisticRegression:
    model = LogisticRegression(C=c, max_iter=300, tol=1e-3, random_state=SEED)
    return model.fit(X, y)


def weights_of(model: LogisticRegression):
    # Columns in LABELS order, whatever order scikit-learn keeps its classes in.
    order = [list(model.classes_).index(i) for i in range(len(LABELS))]
    return model.coef_[order].T.copy(), model.intercept_[order].copy()


def oof_probs(X, texts, y, c):
    probs = np.zeros((len(texts), len(LABELS)), dtype=np.float32)
    for tr, va in StratifiedKFold(n_splits=5, shuffle=True, random_state=SEED).split(texts, y):
        w, b = weights_of(fit(X[tr], y[tr], c))
        probs[va] = probs_float32(X[va], w, b)
    return probs


def main() -> None:
    rows = [json.loads(l) for l in (REPO / 'training/data/objections.jsonl').read_text(encoding='utf-8').splitlines() if l.strip()]
    train = [r for r in rows if r['split'] == 'train']
    test = [r for r in rows if r['split'] == 'test']
    tr_texts = [r['text'] for r in train]
    tr_y = np.array([LABELS.index(r['label']) for r in train])
    tr_labels = [r['label'] for r in train]

    lexicon = compile_lexicon(json.loads(LEXICON_PATH.read_text(encoding='utf-8')))
    best = None
    cache = {}
    for char_range, lw, c in GRID:
        key = (char_range, lw)
        if key not in cache:
            cache[key] = featurize_matrix(tr_texts, DIM, *char_range, lexicon, lw)
        probs = oof_probs(cache[key], tr_texts, tr_y, c)
        for t in THRESHOLDS:
            _, macro, _ = per_class_report(tr_labels, decide(probs, t), LABELS)
            if best is None or macro > best[0] + 1e-9:
                best = (macro, char_range, lw, c, t)
        print(f'cv char={char_range} lexicon_weight={lw} C={c}: best macro-F1 so far {best[0]:.4f} {best[1:]}', flush=True)
    cv_macro, char_range, lw, c, threshold = best

    X_train = cache[(char_range, lw)]
    w, b = weights_of(fit(X_train, tr_y, c))
    X_test = featurize_matrix([r['text'] for r in test], DIM, *char_range, lexicon, lw)
    test_probs = probs_float32(X_test, w, b)
    y_true = [r['label'] for r in test]
    y_pred = decide(test_probs, threshold)
    report, macro, accuracy = per_class_report(y_true, y_pred, LABELS)
    extra = {}
    for split in ('fresh', 'fresh2', 'fresh3'):
        subset = [r for r in rows if r['split'] == split]
        pred = decide(probs_float32(featurize_matrix([r['text'] for r in subset], DIM, *char_range, lexicon, lw), w, b), threshold)
        _, m, a = per_class_report([r['label'] for r in subset], pred, LABELS)
        extra[split] = {'macroF1': m, 'accuracy': a, 'size': len(subset)}
    by_lang = {}
    for lang in ('pt', 'en'):
        idx = [i for i, r in enumerate(test) if r['lang'] == lang]
        by_lang[lang] = per_class_report([y_true[i] for i in idx], [y_pred[i] for i in idx], LABELS)[1]

    out_dir = REPO / 'models/objection'
    out_dir.mkdir(parents=True, exist_ok=True)
    sha = export_linear_softmax(out_dir / 'model.onnx', w, b, 'salesedge-objection', 'SalesEdge objection classifier (hashed n-grams + logistic regression)')
    config = {
        'name': 'salesedge-objection',
        'version': '1.0.0',
        'labels': LABELS,
        'featurizer': {'dim': DIM, 'charMin': char_range[0], 'charMax': char_range[1], 'lexicon': 'lexicon.json', 'lexiconWeight': lw},
        'threshold': threshold,
        'input': 'features',
        'output': 'probabilities',
        'sha256': sha,
    }
    (out_dir / 'config.json').write_text(json.dumps(config, indent=2) + '\n', encoding='utf-8')
    metrics = {'macroF1': macro, 'accuracy': accuracy, 'cvMacroF1': cv_macro, 'macroF1ByLanguage': by_lang,
               'extraHeldOut': extra,
               'testSize': len(test), 'trainSize': len(train), 'C': c, 'lexiconWeight': lw, 'perClass': report}
    (out_dir / 'metrics.json').write_text(json.dumps(metrics, indent=2) + '\n', encoding='utf-8')
    write_fixture(out_dir / 'featurizer-fixture.json', [
        'Olha, achei bem caro pro que vocês entregam.', 'ta caro demais cara', 'We already use Gong.io, 3 years!',
        'Não tenho alçada pra aprovar R$ 50.000', '', '  ¿Qué?  ', 'Ça coûte 12€ — naïve café',
    ], DIM, *char_range, lexicon, lw, LEXICON_PATH.name)

    md = [
        '# Objection classifier: held-out metrics',
        '',
        f'Written by `training/train_objections.py` on {datetime.date.today().isoformat()}. Test split of',
        f'`training/data/objections.jsonl` ({len(test)} utterances, pt + en), never used for training or tuning.',
        f'Decision rule as in the app: top class, but an objection below the confidence threshold',
        f'({threshold}) counts as `none`. Chosen by 5-fold CV on the train split ({len(train)} utterances):',
        f'char n-grams {char_range[0]}-{char_range[1]}, lexicon weight {lw}, C = {c}, CV macro-F1 {cv_macro:.3f}.',
        '',
        f'**Macro-F1 {macro:.3f}** (pt {by_lang["pt"]:.3f}, en {by_lang["en"]:.3f}), accuracy {accuracy:.3f}.',
        '',
        report_table(report),
        '',
        'Extra held-out sets, each written after a model and its lexicon were frozen, to check phrasing the',
        'lexicon author had not seen (see docs/models/objection.md for their history):',
        '',
        *[f'- `{k}` ({v["size"]} utterances): macro-F1 {v["macroF1"]:.3f}, accuracy {v["accuracy"]:.3f}' for k, v in extra.items()],
        '',
    ]
    write_metrics('objection-metrics.md', md)


if __name__ == '__main__':
    main()
