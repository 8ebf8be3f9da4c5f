import { describe, expect, it } from 'vitest';
import { detectLanguage } from './language';

describe('detectLanguage', () => {
  it('tells Portuguese from English, with or without accents', () => {
    expect(detectLanguage('Não tenho orçamento pra isso esse ano')).toBe('pt');
    expect(detectLanguage('ta caro demais cara')).toBe('pt');
    expect(detectLanguage('a gente ja usa o gong')).toBe('pt');
    expect(detectLanguage('nao sou eu que decido isso')).toBe('pt');
    expect(detectLanguage("That's way too expensive for us")).toBe('en');
    expect(detectLanguage('we already use gong')).toBe('en');
    expect(detectLanguage('call me back in six months')).toBe('en');
    expect(detectLanguage('I need to run this by my boss first')).toBe('en');
  });

  it('falls back when there is nothing to go on', () => {
    expect(detectLanguage('Gong.', 'en')).toBe('en');
    expect(detectLanguage('', 'pt')).toBe('pt');
    expect(detectLanguage('Salesforce HubSpot', 'pt')).toBe('pt');
  });

  it('is right on most of the labelled set', async () => {
    const { readFileSync } = await import('node:fs');
    const path = await import('node:path');
    const rows = readFileSync(path.resolve(__dirname, '../../../training/data/objections.jsonl'), 'utf8')
      .split('\n').filter(Boolean).map((l) => JSON.parse(l) as { text: string; lang: 'pt' | 'en' });
    const right = rows.filter((r) => detectLanguage(r.text) === r.lang).length;
    expect(right / rows.length).toBeGreaterThan(0.95);
  });
});
