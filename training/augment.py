"""Speech-recogniser noise for training text: what Whisper and friends make of a customer turn.

Used by the objection and sentiment training scripts (never on held-out sets). Every function
is a pure function of its input and a `random.Random`, so a training run is reproducible.

Kinds of noise, each seen in real recogniser output of sales calls:
  - style: lower case, no punctuation, sometimes no accents (recognisers and their
    post-processing differ), sometimes the original casing;
  - fillers and hesitations inserted between words ("é", "hum", "tipo", "né" / "um", "uh",
    "like", "you know");
  - false starts: the first one or two words said twice ("a gente a gente já tem");
  - dropped short words and two words merged into one (a recogniser's segmentation slips);
  - product names split, merged or mis-heard ("pipedrive" -> "pipe drive", "hubspot" ->
    "hub spot", "rd-station" -> "rd station", "gong.io" -> "gong io");
  - multi-clause turns: a small-talk or approval clause joined to an objection keeps the
    objection's label (the customer still objects), two `none` clauses stay `none`.
"""
import random
import re
import unicodedata

FILLERS = {
    'pt': ['é', 'hum', 'tipo', 'né', 'olha', 'então', 'assim', 'aí', 'sabe', 'ahn', 'pô', 'cara'],
    'en': ['um', 'uh', 'like', 'you know', 'so', 'i mean', 'well', 'kinda', 'yeah', 'right'],
}
CONNECTORS = {
    'pt': ['mas', 'só que', 'mas assim', 'agora', 'porém', 'mas olha', 'o problema é que', 'e', 'aí'],
    'en': ['but', 'but like', 'though', 'the thing is', 'and', 'honestly', 'that said'],
}
SHORT_WORDS = {
    'pt': {'o', 'a', 'os', 'as', 'de', 'do', 'da', 'que', 'e', 'um', 'uma', 'pra', 'pro', 'no', 'na', 'com', 'em', 'se'},
    'en': {'the', 'a', 'an', 'of', 'to', 'that', 'and', 'is', 'it', 'we', 'in', 'on', 'for', 'with'},
}
# Recogniser forms of product names: spacing, hyphens, dots and sound-alike spellings.
MISHEARD = [
    (r'\bpipedrive\b', ['pipe drive', 'pipe-drive', 'paipe draive', 'pipedraive']),
    (r'\bhubspot\b', ['hub spot', 'hub-spot', 'rubspot', 'hubspote']),
    (r'\bsalesforce\b', ['sales force', 'sales-force', 'seils force', 'salesfor']),
    (r'\bsalesloft\b', ['sales loft', 'sales-loft', 'seils loft']),
    (r'\brd[ -]?station\b', ['rd station', 'rdstation', 'erre de station', 'r d station']),
    (r'\bgong(\.io)?\b', ['gong', 'gong io', 'gongue', 'gong ponto io']),
    (r'\boutreach\b', ['out reach', 'autrich', 'outreach']),
    (r'\bzoho\b', ['zoro', 'zouho', 'zoho']),
    (r'\bploomes\b', ['plumes', 'plumis', 'ploomes']),
    (r'\bagendor\b', ['agendor', 'a gendor', 'agenda dor']),
    (r'\bchorus(\.ai)?\b', ['chorus', 'corus', 'chorus ai']),
    (r'\bmicrosoft teams\b', ['microsoft teams', 'micro soft teams', 'maicrosoft teams']),
    (r'\bdynamics\b', ['dynamics', 'dainamics']),
]
_MARKS = re.compile('[\u0300-\u036f]')
_PUNCT = re.compile(r"[^\w\s'-]+")
_SPACES = re.compile(r'\s+')


def strip_accents(text: str) -> str:
    return unicodedata.normalize('NFC', _MARKS.sub('', unicodedata.normalize('NFD', text)))


def asr_style(text: str, rng: random.Random) -> str:
    r = rng.random()
    if r < 0.15:
        return text
    t = _SPACES.sub(' ', _PUNCT.sub(' ', text.lower())).strip()
    if r < 0.45:
        t = strip_accents(t)
    return t


def add_fillers(words, lang: str, rng: random.Random):
    out = list(words)
    for _ in range(rng.choice([1, 1, 2, 3])):
        out.insert(rng.randrange(0, len(out) + 1), rng.choice(FILLERS[lang]))
    return out


def false_start(words, rng: random.Random):
    if len(words) < 3:
        return words
    n = rng.choice([1, 1, 2])
    return words[:n] + words[:n] + words[n:]


def drop_or_merge(words, lang: str, rng: random.Random):
    if len(words) < 4:
        return words
    out = list(words)
    short = [i for i, w in enumerate(out) if w.lower() in SHORT_WORDS[lang]]
    if short and rng.random() < 0.6:
        del out[rng.choice(short)]
    else:
        i = rng.randrange(0, len(out) - 1)
        out[i:i + 2] = [out[i] + out[i + 1]]
    return out


def mishear_names(text: str, rng: random.Random) -> str:
    for pattern, forms in MISHEARD:
        text = re.sub(pattern, lambda _m: rng.choice(forms), text, flags=re.IGNORECASE)
    return text


def noisy(text: str, lang: str, rng: random.Random) -> str:
    """One recogniser-style rendering of `text` (several kinds of noise, each at random)."""
    t = mishear_names(text, rng) if rng.random() < 0.7 else text
    words = t.split()
    if rng.random() < 0.5:
        words = add_fillers(words, lang, rng)
    if rng.random() < 0.2:
        words = false_start(words, rng)
    if rng.random() < 0.25:
        words = drop_or_merge(words, lang, rng)
    return asr_style(' '.join(words), rng)


def join_clauses(first: str, second: str, lang: str, rng: random.Random) -> str:
    """A two-clause turn: `first` (small talk / approval), a connector, then `second`."""
    a = first.rstrip(' .!?,;')
    b = second[0].lower() + second[1:] if second else second
    if rng.random() < 0.5:
        return f'{a}, {rng.choice(CONNECTORS[lang])} {b}'
    return f'{a}. {second}'


AFTER = {
    'pt': ['mas enfim', 'mas tudo bem', 'enfim', 'mas tá', 'fora isso', 'de resto', 'mas beleza'],
    'en': ['but anyway', 'anyway', 'but yeah', 'other than that', 'but okay', 'apart from that'],
}


def join_after(first: str, second: str, lang: str, rng: random.Random) -> str:
    """A two-clause turn with the labelled clause first: `first`, then a closing connector, then `second`."""
    a = first.rstrip(' .!?,;')
    b = second[0].lower() + second[1:] if second else second
    if rng.random() < 0.5:
        return f'{a}, {rng.choice(AFTER[lang])}, {b}'
    return f'{a}. {second}'


def augment_rows(rows, copies: int, seed: int, compose: int = 0, both_orders: bool = False):
    """Training rows plus `copies` noisy renderings of each, plus `compose` two-clause turns per
    language (a `none` clause + any clause, labelled with the second clause's label).
    Rows are dicts with text, lang and label; the result carries 'aug' = the kind of copy."""
    rng = random.Random(seed)
    out = [dict(r, aug='orig') for r in rows]
    for r in rows:
        seen = {r['text']}
        for _ in range(copies):
            t = noisy(r['text'], r['lang'], rng)
            if t and t not in seen:
                seen.add(t)
                out.append(dict(r, text=t, aug='noise'))
    for lang in ('pt', 'en'):
        nones = [r for r in rows if r['lang'] == lang and r['label'] == 'none' and len(r['text'].split()) <= 14]
        anyrows = [r for r in rows if r['lang'] == lang]
        if not nones:
            continue
        for k in range(compose):
            a, b = rng.choice(nones), rng.choice(anyrows)
            if a is b:
                continue
            # Every other turn from `both_orders` on: the objection first, then the small talk or
            # thanks ("tá caro demais, mas enfim, obrigado pela apresentação"): still an objection.
            if both_orders and k % 2 == 1:
                t = join_after(b['text'], a['text'], lang, rng)
            else:
                t = join_clauses(a['text'], b['text'], lang, rng)
            if rng.random() < 0.6:
                t = noisy(t, lang, rng)
            out.append(dict(b, text=t, aug='compose'))
    return out
