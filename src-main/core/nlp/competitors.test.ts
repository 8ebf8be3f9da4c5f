import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectCompetitors, editDistance, phoneticKey } from './competitors';
import { DEFAULT_COMPETITORS } from './default-competitors';
import { BUNDLED_BATTLECARDS } from '../content/bundled-battlecards';

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
    const fixtures = path.resolve(__dirname, '../../../test/fixtures/reviews');
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

/** How a recogniser (or a person typing notes) writes each bundled competitor. */
const SPOKEN_FORMS: Record<string, string[]> = {
  gong: ['gong', 'Gong', 'GONG', 'gong io', 'gong.io', 'gong dot io', 'gong ponto io', 'gongue', 'gongui', 'gôngue'],
  chorus: ['chorus', 'Chorus', 'chorus ai', 'chorus.ai', 'chorus dot ai', 'corus', 'córus', 'zoominfo chorus', 'zoom info chorus'],
  salesforce: ['salesforce', 'Salesforce', 'sales force', 'sales-force', 'SalesForce', 'sfdc', 'esse efe de ce', 'seilsfórce', 'selsforce', 'salesfroce'],
  hubspot: ['hubspot', 'HubSpot', 'hub spot', 'hub-spot', 'rubspot', 'rabspot', 'hubspote', 'hubspoot'],
  pipedrive: ['pipedrive', 'Pipedrive', 'pipe drive', 'pipe-drive', 'paipdraive', 'pipedraive', 'paipe draive', 'pipedrave'],
  'rd-station': ['rd station', 'RD-Station', 'rdstation', 'RD Station', 'r d station', 'erre de station', 'erre dê station', 'ardi station', 'ar di station', 'rd crm'],
  outreach: ['Outreach', 'outreach io', 'outreach.io', 'outreach dot io', 'autrich', 'outrich'],
  salesloft: ['salesloft', 'Salesloft', 'sales loft', 'sales-loft', 'SalesLoft', 'seilsloft', 'sêilsloft'],
  'microsoft-teams': ['microsoft teams', 'Microsoft Teams', 'MS Teams', 'ms teams', 'teams premium', 'microsoft-teams'],
  zoho: ['zoho', 'Zoho', 'zoho crm', 'ZOHO', 'zoho zia', 'zôho'],
  ploomes: ['ploomes', 'Ploomes', 'plumes', 'plumis', 'ploomis', 'plúmes'],
  agendor: ['agendor', 'Agendor', 'agendôr', 'ajendor', 'a gendor'],
};

describe('spoken forms of every bundled competitor', () => {
  it('covers every bundled competitor, and DEFAULT_COMPETITORS is the bundled list', () => {
    const bundled = [...new Set(BUNDLED_BATTLECARDS.map((b) => b.competitor))].sort();
    expect(Object.keys(SPOKEN_FORMS).sort()).toEqual(bundled);
    expect(DEFAULT_COMPETITORS.map((c) => c.id).sort()).toEqual(bundled);
  });

  for (const [id, forms] of Object.entries(SPOKEN_FORMS)) {
    it(`${id}: ${forms.length} forms, in pt and en sentences`, () => {
      for (const form of forms) {
        expect(ids(`a gente já usa o ${form} faz um ano`), `pt: ${form}`).toEqual([id]);
        expect(ids(`we are already paying for ${form} this year`), `en: ${form}`).toEqual([id]);
      }
    });
  }
});

describe('everyday words that are also brand names', () => {
  it('teams: the app only in app context, never the common noun', () => {
    for (const text of [
      'vamos marcar uma call no teams amanhã',
      'te mando o convite pelo teams',
      'a reunião vai ser via teams',
      'o teams travou de novo',
      'o link do teams está no convite',
      "let's do a call on teams tomorrow",
      'send me the invite via teams',
      'we can talk over teams',
      'we switched everything to teams last year',
      'we moved to Microsoft Teams last year',
    ]) {
      expect(ids(text), text).toEqual(['microsoft-teams']);
    }
    for (const text of [
      'our sales teams are small',
      'the Sales Teams need training',
      'os teams de vendas estão cheios',
      'os times de vendas estão cheios',
      'nos teams de produto ninguém usa isso',
      'there are no teams using it yet',
      'we work in teams of three',
      'teams across the company asked for it',
      'both teams agreed on the price',
      'we have teams on the west coast',
      'on teams of five or more the price drops',
    ]) {
      expect(ids(text), text).toEqual([]);
    }
  });

  it('gong: the product unless the words around it are about a sound', () => {
    expect(ids('gong already does call recording')).toEqual(['gong']);
    expect(ids('o gong grava todas as chamadas')).toEqual(['gong']);
    for (const text of ['they hit the gong when a deal closes', 'the gong rang at noon', 'o gong tocou no fim da reunião', 'a gente bate o gong quando fecha venda', 'we did a gong bath at the offsite']) {
      expect(ids(text), text).toEqual([]);
    }
  });

  it('chorus: the product unless it is about music or the idiom', () => {
    expect(ids('we looked at chorus last quarter')).toEqual(['chorus']);
    expect(ids('o chorus não funciona em português')).toEqual(['chorus']);
    for (const text of ['the chorus of that song is catchy', 'a chorus of complaints from the reps', 'they all said it in chorus', 'todo mundo cantou o chorus da música']) {
      expect(ids(text), text).toEqual([]);
    }
  });

  it('outreach: the company when named or used as a tool, never the common noun', () => {
    for (const text of ['Outreach offered the same thing', 'we use outreach for sequences', 'we switched to outreach in march', 'a gente usa o outreach para cadência', 'the reps hate Outreach', 'outreach dot io sent a quote']) {
      expect(ids(text), text).toEqual(['outreach']);
    }
    for (const text of ['our outreach program is weak', 'our Outreach Program is weak', 'we need more outreach', 'cold outreach does not work for us', 'the outreach team books the meetings', 'outreach to new accounts is slow', 'we focus on outreach to small shops']) {
      expect(ids(text), text).toEqual([]);
    }
  });

  it('sales force: Salesforce unless it is the English noun for a company’s sellers', () => {
    expect(ids('the sales force guys offered a discount')).toEqual(['salesforce']);
    expect(ids('a gente usa o sales force')).toEqual(['salesforce']);
    for (const text of ['our sales force is twenty reps', 'a sales force of twenty people', 'the whole sales force uses it']) {
      expect(ids(text), text).toEqual([]);
    }
    expect(ids('our salesforce instance is old')).toEqual(['salesforce']);
  });

  it('plumes: Ploomes unless it is about feathers or smoke', () => {
    expect(ids('a gente testou o plumes mas achou caro')).toEqual(['ploomes']);
    expect(ids('plumes of smoke over the city')).toEqual([]);
    expect(ids('a hat with peacock plumes')).toEqual([]);
  });

  it('no new brand out of ordinary Portuguese and English words', () => {
    for (const text of [
      'vamos agendar a próxima reunião',
      'já agendei com o diretor',
      'a agenda dele está cheia',
      'a gente agenda para sexta',
      'we met in soho last week',
      'the plumber fixed the pipes',
      'a gente dorme tarde',
      'eu moro na zona sul',
    ]) {
      expect(ids(text), text).toEqual([]);
    }
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
