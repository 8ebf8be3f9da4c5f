import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileLexicon, featurizeSparse, fnv1a, lexiconFeatures, normalizeText } from './featurize';

const MODELS = path.resolve(__dirname, '../../../models');

type Fixture = { dim: number; charMin: number; charMax: number; lexicon: string | null; lexiconWeight: number; cases: { text: string; indices: number[]; values: number[] }[] };

describe('featurize (TypeScript twin of training/featurize.py)', () => {
  it('normalises accents, case, digits and punctuation the way recognisers vary them', () => {
    expect(normalizeText('Não, o ORÇAMENTO é R$ 50.000!')).toBe('nao o orcamento e r 0 0');
    expect(normalizeText('  ¿Qué?  ')).toBe('que');
    expect(normalizeText('')).toBe('');
  });

  it('hashes with 32-bit FNV-1a', () => {
    // Reference values of the FNV-1a test suite.
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(fnv1a('foobar')).toBe(0xbf9cf968);
  });

  it('matches lexicon patterns by token and by prefix', () => {
    const lex = compileLexicon({ _doc: ['ignored'], budget: ['orcamento*', 'sem verba'], price: ['caro'] });
    expect(lexiconFeatures(normalizeText('Sem verba, o orçamento acabou, tá caríssimo').split(' '), lex)).toEqual(['k:budget', 'k:budget']);
  });

  for (const model of ['objection', 'sentiment']) {
    it(`reproduces the vectors exported by the ${model} training script`, () => {
      const fixture = JSON.parse(fs.readFileSync(path.join(MODELS, model, 'featurizer-fixture.json'), 'utf8')) as Fixture;
      const lexicon = fixture.lexicon ? compileLexicon(JSON.parse(fs.readFileSync(path.join(MODELS, model, fixture.lexicon), 'utf8')) as Record<string, unknown>) : undefined;
      expect(fixture.cases.length).toBeGreaterThan(2);
      for (const c of fixture.cases) {
        const vec = featurizeSparse(c.text, fixture, lexicon);
        const indices = [...vec.keys()].sort((a, b) => a - b);
        expect(indices, c.text).toEqual(c.indices);
        indices.forEach((i, k) => expect(Math.fround(vec.get(i)!), `${c.text} [${i}]`).toBeCloseTo(c.values[k]!, 6));
      }
    });
  }
});
