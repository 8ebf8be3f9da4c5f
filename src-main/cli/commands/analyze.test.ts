import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../program';
import { analyzeCommand } from './analyze';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'salesedge-analyze-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

/** Runs `salesedge --data-dir <tmp> ...args` in-process with `input` as stdin; captures output. */
async function cli(args: string[], input: string) {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process, 'stdin', 'get').mockReturnValue(Readable.from([input]) as unknown as typeof process.stdin);
  vi.spyOn(process.stdout, 'write').mockImplementation((c) => (out.push(String(c)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((c) => (err.push(String(c)), true));
  const code = await runCli(['--data-dir', dataDir, ...args], [analyzeCommand]);
  vi.restoreAllMocks();
  return { code, stdout: out.join(''), stderr: err.join('') };
}

type Line = { text: string; language: string; sentiment: { label: string; score: number }; objections: { type: string; confidence: number }[]; competitors: { id: string }[] };

describe('salesedge analyze', () => {
  it('prints one JSON object per stdin line', async () => {
    const res = await cli(['--json', 'analyze'], 'Isso tá caro demais pra gente\n\nWe already use Gong.io for that\nQuanto custa pra dez usuários?\n');
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const lines = res.stdout.trim().split('\n').map((l) => JSON.parse(l) as Line);
    expect(lines).toHaveLength(3);
    for (const l of lines) expect(Object.keys(l)).toEqual(['text', 'language', 'sentiment', 'objections', 'competitors']);
    const [price, gong, question] = lines;
    expect(price!.text).toBe('Isso tá caro demais pra gente');
    expect(price!.language).toBe('pt');
    expect(price!.objections[0]!.type).toBe('price');
    expect(['negative', 'neutral', 'positive']).toContain(price!.sentiment.label);
    expect(Math.abs(price!.sentiment.score)).toBeLessThanOrEqual(1);
    expect(gong!.objections[0]!.type).toBe('competitor');
    expect(gong!.competitors.map((c) => c.id)).toEqual(['gong']);
    expect(question!.objections).toEqual([]);
  });

  it('prints a readable line without --json and honours --language', async () => {
    const res = await cli(['analyze', '--language', 'en'], 'call me back in six months\n');
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^\[en\] \w+ -?\d\.\d\d \| objections: timing [01]\.\d\d \| call me back in six months\n$/);
  });

  it('fails with one line on bad input', async () => {
    const badLang = await cli(['analyze', '--language', 'fr'], 'hello\n');
    expect(badLang.code).not.toBe(0);
    expect(badLang.stderr).toMatch(/--language/);
    const noModels = await cli(['analyze', '--models-dir', path.join(dataDir, 'nowhere')], 'hello\n');
    expect(noModels.code).toBe(1);
    expect(noModels.stderr).toMatch(/^salesedge: model file missing: .*nowhere\/(objection|sentiment)\/config\.json\n$/);
  });
});
