"""Everyday words of sales calls, from the project's own training utterances (issue 13).

The redactor takes an unlisted lower-case word after a person's first name as a surname only when
it reads as a name and is *not* one of these: words said at least twice in the objection and
sentiment training sets (pt-BR and English), which hold almost no people's names (a line with a
name is 0.4 % of them). Folded as the redactor folds (lower case, no accents).

Output: src-main/core/privacy/everyday-words.json (a sorted list). Run:
    python3 training/pii/build_everyday_words.py
"""
import collections
import glob
import json
import re
import unicodedata

def fold(s: str) -> str:
    return ''.join(c for c in unicodedata.normalize('NFD', s.lower()) if unicodedata.category(c) != 'Mn')

counts: collections.Counter = collections.Counter()
files = sorted(glob.glob('training/data/*.txt')) + ['training/data/objections.jsonl', 'training/data/sentiment-test.jsonl']
for path in files:
    with open(path, encoding='utf8') as f:
        for line in f:
            if path.endswith('.jsonl'):
                try:
                    line = json.loads(line)['text']
                except (ValueError, KeyError):
                    continue
            for w in re.findall(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", line):
                counts[fold(w)] += 1
words = sorted(w for w, n in counts.items() if n >= 2 and len(w) >= 2)
with open('src-main/core/privacy/everyday-words.json', 'w', encoding='utf8') as f:
    json.dump(words, f, ensure_ascii=False, separators=(',', ':'))
    f.write('\n')
print(f'{len(words)} words from {len(files)} files')
