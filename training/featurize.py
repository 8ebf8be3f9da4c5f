"""Text featurisation shared by the objection and sentiment models.

Reproduced exactly in TypeScript by src-main/core/nlp/featurize.ts; the vectors exported by
the training scripts (models/*/featurizer-fixture.json) keep the two in lock step.

  1. normalise: NFD, drop combining marks (so "não" == "nao", as recognisers often output),
     lower case, every run of digits -> "0", anything not [a-z0-9] -> space, collapse spaces.
  2. features: word unigrams "w:<tok>", word bigrams "b:<t1> <t2>", char n-grams "c:<gram>"
     (n in [cmin, cmax]) over " " + text + " ".
     With a lexicon ({concept: [patterns]}, a token ending in * matches by prefix), every
     match adds "k:<concept>"; a "?" in the raw text adds "p:q" (a question is often a buying
     signal, not an objection). Lexicon and "?" features are scaled by lexicon_weight.
  3. each feature string -> FNV-1a 32-bit of its UTF-8 bytes, modulo dim; counts are
     summed per bucket, then sublinear tf (1 + ln(count)) and L2 normalisation.
"""
import math
import re
import unicodedata

import numpy as np

_MARKS = re.compile('[\u0300-\u036f]')
_DIGITS = re.compile('[0-9]+')
_NON_ALNUM = re.compile('[^a-z0-9]+')


def normalize(text: str) -> str:
    t = _MARKS.sub('', unicodedata.normalize('NFD', text)).lower()
    t = _DIGITS.sub('0', t)
    return _NON_ALNUM.sub(' ', t).strip()


def fnv1a(s: str) -> int:
    h = 0x811C9DC5
    for b in s.encode('utf-8'):
        h ^= b
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def compile_lexicon(lexicon):
    """{concept: [pattern]} -> [(concept, [(part, is_prefix)])], in file order."""
    compiled = []
    for concept, patterns in lexicon.items():
        if concept.startswith('_'):
            continue
        for raw in patterns:
            parts = []
            for tok in raw.split():
                star = tok.endswith('*')
                sub = [p for p in normalize(tok.rstrip('*')).split(' ') if p]
                parts += [(p, star and k == len(sub) - 1) for k, p in enumerate(sub)]
            if parts:
                compiled.append((concept, parts))
    return compiled


_INDEX = {}


def _index(compiled):
    """Patterns grouped by their first part (exact parts in a dict, prefix parts in a list), so
    matching a text costs a lookup per token instead of a scan of the whole lexicon. Built once
    per compiled lexicon; gives the same matches as trying every pattern at every position."""
    key = id(compiled)
    if key not in _INDEX:
        exact, prefix = {}, []
        for concept, parts in compiled:
            first, is_prefix = parts[0]
            if is_prefix:
                prefix.append((first, concept, parts))
            else:
                exact.setdefault(first, []).append((concept, parts))
        _INDEX[key] = (compiled, exact, prefix)
    return _INDEX[key][1:]


def lexicon_features(toks, compiled):
    exact, prefix = _index(compiled)
    out = []
    for i, tok in enumerate(toks):
        cands = list(exact.get(tok, ()))
        cands += [(c, parts) for first, c, parts in prefix if tok.startswith(first)]
        for concept, parts in cands:
            n = len(parts)
            if i + n <= len(toks) and all(toks[i + j] == p or (pre and toks[i + j].startswith(p)) for j, (p, pre) in enumerate(parts)):
                out.append('k:' + concept)
    return out


def feature_strings(text: str, cmin: int, cmax: int):
    norm = normalize(text)
    toks = norm.split(' ') if norm else []
    out = ['w:' + t for t in toks]
    out += ['b:' + toks[i] + ' ' + toks[i + 1] for i in range(len(toks) - 1)]
    padded = ' ' + norm + ' '
    for n in range(cmin, cmax + 1):
        out += ['c:' + padded[i:i + n] for i in range(len(padded) - n + 1)]
    return out


_HASHES = {}


def _bucket(f: str, dim: int) -> int:
    h = _HASHES.get(f)
    if h is None:
        h = _HASHES[f] = fnv1a(f)
    return h % dim


def featurize_sparse(text: str, dim: int, cmin: int, cmax: int, compiled=None, lexicon_weight: float = 1.0):
    """Returns {index: value} (float64) for one text."""
    counts = {}
    for f in feature_strings(text, cmin, cmax):
        i = _bucket(f, dim)
        counts[i] = counts.get(i, 0) + 1
    vals = {i: 1.0 + math.log(c) for i, c in counts.items()}
    extra = {}
    norm_toks = normalize(text)
    toks = norm_toks.split(' ') if norm_toks else []
    for f in (lexicon_features(toks, compiled) if compiled else []) + (['p:q'] if '?' in text else []):
        i = fnv1a(f) % dim
        extra[i] = extra.get(i, 0) + 1
    for i, c in extra.items():
        vals[i] = vals.get(i, 0.0) + lexicon_weight * (1.0 + math.log(c))
    norm = math.sqrt(sum(v * v for v in vals.values()))
    if norm > 0:
        vals = {i: v / norm for i, v in vals.items()}
    return vals


def featurize_matrix(texts, dim: int, cmin: int, cmax: int, compiled=None, lexicon_weight: float = 1.0):
    from scipy.sparse import csr_matrix

    rows, cols, data = [], [], []
    for r, text in enumerate(texts):
        for i, v in featurize_sparse(text, dim, cmin, cmax, compiled, lexicon_weight).items():
            rows.append(r)
            cols.append(i)
            data.append(v)
    return csr_matrix((np.array(data, dtype=np.float32), (rows, cols)), shape=(len(texts), dim))
