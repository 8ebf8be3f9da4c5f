#!/usr/bin/python3
"""Reports the shipped objection model (models/objection/: model.onnx, config.json, lexicon)
on the blind set, training/blind/objections-blind.txt.

The blind set was written by a separate author who did not read the training data, the
lexicon or the model, on 2026-12-02, and it is never used for training, model selection,
lexicon edits or the threshold: this script only reads it, after a model is frozen, and
prints per-language and per-class figures (and, with --errors, the misread lines, which
must then not be used to change anything before the next blind set is written).

The model's own ONNX weights are read back and run in float32 exactly as the app runs them
(same featuriser, featurize.py, checked against the TypeScript twin by featurize.test.ts), so
the figure is the shipped model's.

A second blind set, training/blind/objections-blind2.txt, was written on the same date by the
session that trained model 3.0.0, before any of its new training lines and before any model
was run on it (see that file's header); `--set 2` reports on it. A third,
training/blind/objections-blind3.txt, was written in one sitting by the session that trained
model 3.0.0, before any of that session's training lines and before any model was run on it;
`--set 3` reports on it. A fourth, training/blind4/objections-blind4.txt (720 lines), was written
by a separate author who read none of the code, rules, training data or tests; `--set 4` reports
on it, `--set all` on the four together.

Run: /usr/bin/python3 training/evaluate_blind.py [--set 1|2|3|4|all] [--errors] [--json]
"""
import json
import sys

import onnx
from onnx import numpy_helper

from build_objections import parse
from common import REPO, per_class_report, probs_float32, probs_mlp_float32, report_table
from featurize import compile_lexicon, featurize_matrix

BLIND = REPO / 'training/blind/objections-blind.txt'
BLIND2 = REPO / 'training/blind/objections-blind2.txt'
BLIND3 = REPO / 'training/blind/objections-blind3.txt'
# Written 2026-12-02 by a separate author who never read the code, rules, training data or tests
# (its header says so); tab-separated LABEL, LANG, text.
BLIND4 = REPO / 'training/blind4/objections-blind4.txt'


def parse_tsv(path):
    for raw in path.read_text(encoding='utf-8').splitlines():
        if not raw.strip() or raw.startswith('#'):
            continue
        label, lang, text = raw.split('\t', 2)
        yield {'text': text.strip(), 'lang': lang, 'label': label, 'split': 'blind', 'author': path.stem}


def rows_of(path):
    return parse_tsv(path) if path == BLIND4 else parse(path, 'pt', split='blind', author=path.stem)


def load_model(directory):
    config = json.loads((directory / 'config.json').read_text(encoding='utf-8'))
    weights = {t.name: numpy_helper.to_array(t) for t in onnx.load(str(directory / 'model.onnx')).graph.initializer}
    layers = [(weights['W'], weights['b'])] if 'W' in weights else [(weights['W1'], weights['b1']), (weights['W2'], weights['b2'])]
    f = config['featurizer']
    lexicon = compile_lexicon(json.loads((directory / f['lexicon']).read_text(encoding='utf-8'))) if f.get('lexicon') else None

    def probs(texts):
        X = featurize_matrix(texts, f['dim'], f['charMin'], f['charMax'], lexicon, f.get('lexiconWeight', 1.0))
        return probs_float32(X, *layers[0]) if len(layers) == 1 else probs_mlp_float32(X, layers)

    return config, probs


def decide(labels, probs, threshold):
    none = labels.index('none')
    out = []
    for p in probs:
        k = int(p.argmax())
        out.append('none' if k != none and p[k] < threshold else labels[k])
    return out


def blind_files():
    which = sys.argv[sys.argv.index('--set') + 1] if '--set' in sys.argv else '1'
    return {'1': [BLIND], '2': [BLIND2], '3': [BLIND3], '4': [BLIND4], 'all': [BLIND, BLIND2, BLIND3, BLIND4]}[which]


def main() -> None:
    config, probs = load_model(REPO / 'models/objection')
    labels = config['labels']
    files = blind_files()
    rows = [row for f in files for row in rows_of(f)]
    pred = decide(labels, probs([r['text'] for r in rows]), config['threshold'])
    gold = [r['label'] for r in rows]
    report, macro, accuracy = per_class_report(gold, pred, labels)
    by_lang = {}
    for lang in ('pt', 'en'):
        idx = [i for i, r in enumerate(rows) if r['lang'] == lang]
        rep, m, a = per_class_report([gold[i] for i in idx], [pred[i] for i in idx], labels)
        by_lang[lang] = {'macroF1': m, 'accuracy': a, 'size': len(idx), 'minClassF1': min(r['f1'] for r in rep)}
    result = {'model': f"{config['name']} {config['version']}", 'size': len(rows), 'macroF1': macro, 'accuracy': accuracy,
              'byLanguage': by_lang, 'perClass': report}
    if '--json' in sys.argv:
        print(json.dumps(result, indent=2))
    else:
        print(f"blind set {' + '.join(str(f.relative_to(REPO)) for f in files)}: {len(rows)} utterances, model {result['model']}")
        print(f'macro-F1 {macro:.3f}, accuracy {accuracy:.3f}; ' + ', '.join(
            f"{l} macro-F1 {v['macroF1']:.3f} (min class F1 {v['minClassF1']:.3f})" for l, v in by_lang.items()))
        print(report_table(report))
    if '--errors' in sys.argv:
        for r, p in zip(rows, pred):
            if p != r['label']:
                print(f"{r['lang']} {r['label']:>10} -> {p:<10} {r['text']}")


if __name__ == '__main__':
    main()
