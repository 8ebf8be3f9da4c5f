import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectCompetitors, editDistance, phoneticKey } from './competitors';
import { DEFAULT_COMPETITORS } from './default-competitors';

const ids = (text: string) => detectCompetitors(text, DEFAULT_COMPETITORS).map((m) => m.id);

describe('detectCompetitors', () => {
  it('finds exact names regardless of case, accents and punctuation', () => {
    expect(ids('We already use Gong.')).toEqual(['gong']);
    expect(ids('a gente já usa o GONG.IO faz um ano')).toEqual(['gong']);
    expect(ids('O pessoal da Salesforce ofereceu algo parecido')).toEqual(['salesforce']);
    expect(ids('estamos olhando o RD Station e o Pipedrive')).toEqual(['rd-station', 'pipedrive']);
    const [m] = detectCompetitors('We use HubSpot', DEFAULT_COMPETITORS);
    expect(m).toEqual({ id: 'hubspot', name: 'HubSpot', confidence: 1 });
  });

  it('joins names a recogniser split into words', () => {
    expect(ids('the sales force guys offered a discount')).toEqual(['salesforce']);
    expect(ids('hub spot already does that')).toEqual(['hubspot']);
    expect(ids('o pipe drive já atende')).toEqual(['pipedrive']);
    expect(ids('we tried sales loft last year')).toEqual(['salesloft']);
    expect(ids('a gente usa o rdstation')).toEqual(['rd-station']);
  });

  it('tolerates Portuguese spellings and transcription slips', () => {
    expect(ids('o gongue já transcreve tudo')).toEqual(['gong']);
    expect(ids('a gente usa o gongui')).toEqual(['gong']);
    expect(ids('o pessoal do paipe draive ligou')).toEqual(['pipedrive']);
    expect(ids('o selsforce é caro')).toEqual(['salesforce']);
    expect(ids('usamos o hubspoot')).toEqual(['hubspot']);
    expect(ids('o corus grava as chamadas')).toEqual(['chorus']);
    expect(ids('we use salesfroce')).toEqual(['salesforce']);
    const fuzzy = detectCompetitors('o selsforce é caro', DEFAULT_COMPETITORS)[0]!;
    expect(fuzzy.confidence).toBeLessThan(1);
    expect(fuzzy.confidence).toBeGreaterThan(0.5);
  });

  it('does not fire on ordinary words that look like a name', () => {
    for (const text of [
      "we're going to talk about the course later",
      'that song was long',
      'nossa força de vendas é pequena',
      'the sales team is strong',
      'we need to drive more pipeline',
      'a estação de trem fica longe',
      'our outreach to new accounts is weak',
      'vamos fechar o preço hoje',
      'the chorus of the song',
      'Eu fui ao Congo no ano passado',
      'vi vocês no RD Summit',
      'Maybe, but this quarter is really not a good time for us.',
      'Para ser sincera, isso é caro para nós.',
      'vamos falar com o seu time de vendas',
      'we should sync with the sales floor',
      'The cow tongue and cheek tacos are amazing.',
      'strident cords of music that would blare out',
    ]) {
      expect(ids(text), text).toEqual([]);
    }
  });

  it('finds nothing in 3,000 review sentences that name no competitor', () => {
    const fixtures = path.resolve(__dirname, '../../../node_modules/sentiment/test/fixtures');
    const texts = ['amazon', 'imdb', 'yelp'].flatMap((f) => (JSON.parse(fs.readFileSync(path.join(fixtures, `${f}.json`), 'utf8')) as { text: string }[]).map((x) => x.text));
    expect(texts.length).toBeGreaterThan(2900);
    const hits = texts.filter((t) => ids(t).length > 0);
    expect(hits).toEqual([]);
  });

  it('fires on a common-word brand only when it is written as a name', () => {
    expect(ids('Outreach offered the same thing')).toEqual(['outreach']);
    expect(ids('we need more outreach')).toEqual([]);
    expect(ids("We're also evaluating Chorus")).toEqual(['chorus']);
    expect(ids('o corus grava as chamadas')).toEqual(['chorus']);
  });

  it('uses the battlecards it is given, including their aliases', () => {
    const cards = [{ id: 'acme', competitor: 'Acme Calls', aliases: ['AcmeAI'] }];
    expect(detectCompetitors('we already pay for acme calls', cards).map((m) => m.id)).toEqual(['acme']);
    expect(detectCompetitors('acme ai does that', cards).map((m) => m.id)).toEqual(['acme']);
    expect(detectCompetitors('we use Gong', cards)).toEqual([]);
    expect(detectCompetitors('', cards)).toEqual([]);
  });
});

describe('helpers', () => {
  it('editDistance counts transpositions as one edit', () => {
    expect(editDistance('salesforce', 'salesfroce')).toBe(1);
    expect(editDistance('gong', 'going')).toBe(1);
    expect(editDistance('abc', 'abc')).toBe(0);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('phoneticKey folds sound-alike spellings', () => {
    expect(phoneticKey('gongue')).toBe(phoneticKey('gong'));
    expect(phoneticKey('corus')).toBe(phoneticKey('chorus'));
    expect(phoneticKey('going')).not.toBe(phoneticKey('gong'));
  });
});
