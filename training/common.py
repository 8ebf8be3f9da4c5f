"""Helpers shared by the training scripts: ONNX export of a linear softmax model, metrics,
and the featuriser fixture the TypeScript tests compare against."""
import hashlib
import json
import pathlib

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from featurize import featurize_sparse

REPO = pathlib.Path(__file__).resolve().parent.parent


def _write_model(path: pathlib.Path, graph, doc: str) -> str:
    """Checks and writes an exported graph (opset 13, IR 8); returns the file's sha256."""
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 13)], producer_name='salesedge-training', doc_string=doc)
    model.ir_version = 8
    onnx.checker.check_model(model)
    data = model.SerializeToString()
    path.write_bytes(data)
    return hashlib.sha256(data).hexdigest()


def export_linear_softmax(path: pathlib.Path, weights: np.ndarray, bias: np.ndarray, name: str, doc: str) -> str:
    """features [N, dim] float32 -> probabilities [N, K] = softmax(features @ W + b). Returns sha256."""
    dim, k = weights.shape
    w = numpy_helper.from_array(weights.astype(np.float32), 'W')
    b = numpy_helper.from_array(bias.astype(np.float32), 'b')
    graph = helper.make_graph(
        [
            helper.make_node('MatMul', ['features', 'W'], ['xw']),
            helper.make_node('Add', ['xw', 'b'], ['logits']),
            helper.make_node('Softmax', ['logits'], ['probabilities'], axis=1),
        ],
        name,
        [helper.make_tensor_value_info('features', TensorProto.FLOAT, ['N', dim])],
        [helper.make_tensor_value_info('probabilities', TensorProto.FLOAT, ['N', k])],
        initializer=[w, b],
    )
    return _write_model(path, graph, doc)


def export_mlp_softmax(path: pathlib.Path, layers, name: str, doc: str) -> str:
    """features [N, dim] -> probabilities = softmax(relu(features @ W1 + b1) @ W2 + b2). Same
    input and output names as the linear graph, so the app loads either. Returns sha256."""
    (w1, b1), (w2, b2) = layers
    dim, k = w1.shape[0], w2.shape[1]
    inits = [numpy_helper.from_array(a.astype(np.float32), n) for a, n in ((w1, 'W1'), (b1, 'b1'), (w2, 'W2'), (b2, 'b2'))]
    graph = helper.make_graph(
        [
            helper.make_node('MatMul', ['features', 'W1'], ['h0']),
            helper.make_node('Add', ['h0', 'b1'], ['h1']),
            helper.make_node('Relu', ['h1'], ['h']),
            helper.make_node('MatMul', ['h', 'W2'], ['hw']),
            helper.make_node('Add', ['hw', 'b2'], ['logits']),
            helper.make_node('Softmax', ['logits'], ['probabilities'], axis=1),
        ],
        name,
        [helper.make_tensor_value_info('features', TensorProto.FLOAT, ['N', dim])],
        [helper.make_tensor_value_info('probabilities', TensorProto.FLOAT, ['N', k])],
        initializer=inits,
    )
    return _write_model(path, graph, doc)


def _softmax32(logits) -> np.ndarray:
    logits = np.asarray(logits, dtype=np.float32)
    logits -= logits.max(axis=1, keepdims=True)
    e = np.exp(logits)
    return e / e.sum(axis=1, keepdims=True)


def probs_mlp_float32(X, layers) -> np.ndarray:
    """The two-layer ONNX graph's computation in float32."""
    (w1, b1), (w2, b2) = layers
    h = np.maximum(np.asarray(X.astype(np.float32) @ w1.astype(np.float32)) + b1.astype(np.float32), 0)
    return _softmax32(h @ w2.astype(np.float32) + b2.astype(np.float32))


def probs_float32(X, weights: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """The ONNX graph's computation in float32, so the reported figures are the shipped model's."""
    return _softmax32((X.astype(np.float32) @ weights.astype(np.float32)) + bias.astype(np.float32))


def per_class_report(y_true, y_pred, labels):
    rows = []
    for label in labels:
        tp = sum(1 for t, p in zip(y_true, y_pred) if t == label and p == label)
        fp = sum(1 for t, p in zip(y_true, y_pred) if t != label and p == label)
        fn = sum(1 for t, p in zip(y_true, y_pred) if t == label and p != label)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        rows.append({'label': label, 'precision': precision, 'recall': recall, 'f1': f1, 'support': tp + fn})
    macro = sum(r['f1'] for r in rows) / len(rows)
    accuracy = sum(1 for t, p in zip(y_true, y_pred) if t == p) / len(y_true)
    return rows, macro, accuracy


def report_table(rows) -> str:
    out = ['| class | precision | recall | F1 | support |', '|---|---:|---:|---:|---:|']
    for r in rows:
        out.append(f"| `{r['label']}` | {r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} | {r['support']} |")
    return '\n'.join(out)


def write_fixture(path: pathlib.Path, texts, dim: int, cmin: int, cmax: int, compiled=None, lexicon_weight: float = 1.0, lexicon_file=None) -> None:
    """Featuriser output for a few texts, for the TypeScript featuriser test."""
    cases = []
    for text in texts:
        vec = featurize_sparse(text, dim, cmin, cmax, compiled, lexicon_weight)
        cases.append({'text': text, 'indices': sorted(vec), 'values': [float(np.float32(vec[i])) for i in sorted(vec)]})
    path.write_text(json.dumps({'dim': dim, 'charMin': cmin, 'charMax': cmax, 'lexicon': lexicon_file, 'lexiconWeight': lexicon_weight, 'cases': cases}, ensure_ascii=False, indent=1) + '\n', encoding='utf-8')


def write_metrics(file_name: str, lines) -> None:
    """Writes a metrics table to docs/models/ (read by the model cards) and prints it."""
    docs = REPO / 'docs/models'
    docs.mkdir(parents=True, exist_ok=True)
    (docs / file_name).write_text('\n'.join(lines), encoding='utf-8')
    print('\n'.join(lines))
