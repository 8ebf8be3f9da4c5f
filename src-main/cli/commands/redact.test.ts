import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../program';
import { redactCommand } from './redact';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'salesedge-redact-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

/** Runs `salesedge --data-dir <tmp> ...args` in-process with `input` as stdin; captures output. */
async function cli(args: string[], input: string) {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process, 'stdin', 'get').mockReturnValue(Readable.from([input]) as unknown as typeof process.stdin);
  vi.spyOn(process.stdout, 'write').mockImplementation((c) => (out.push(String(c)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((c) => (err.push(String(c)), true));
  const code = await runCli(['--data-dir', dataDir, ...args], [redactCommand]);
  vi.restoreAllMocks();
  return { code, stdout: out.join(''), stderr: err.join('') };
}

type Line = { text: string; spans: { start: number; end: number; kind: string }[] };

describe('salesedge redact', () => {
  const input = ['Demo com Joana Ferreira joana@acme.com.br (11) 98765-4321', '', 'my email is tom dot baker at example dot org', 'o pedido 4521339 custa R$ 1.234,56'];

  it('prints one JSON object per stdin line, spans as offsets into the input line (--json after the command too)', async () => {
    const res = await cli(['redact', '--json', '--language', 'auto'], `${input.join('\n')}\n`);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const lines = res.stdout.split('\n').filter((l, i, all) => i < all.length - 1).map((l) => JSON.parse(l) as Line);
    expect(lines).toHaveLength(4);
    for (const l of lines) expect(Object.keys(l)).toEqual(['text', 'spans']);
    expect(lines[0]!.text).toBe('Demo com [NOME] [E-MAIL] [TELEFONE]');
    expect(lines[0]!.spans.map((s) => [input[0]!.slice(s.start, s.end), s.kind])).toEqual([
      ['Joana Ferreira', 'name'],
      ['joana@acme.com.br', 'email'],
      ['(11) 98765-4321', 'phone'],
    ]);
    expect(lines[1]).toEqual({ text: '', spans: [] });
    expect(lines[2]).toEqual({ text: 'my email is [EMAIL]', spans: [{ start: 12, end: 44, kind: 'email' }] });
    expect(lines[3]).toEqual({ text: input[3], spans: [] });
  });

  it('prints the redacted line alone without --json, placeholders in the chosen language', async () => {
    const res = await cli(['redact', '--language', 'en'], 'Ligar pra Carla no 21998877665\n\nok\n');
    expect(res.code).toBe(0);
    expect(res.stdout).toBe('Ligar pra [NAME] no [PHONE]\n\nok\n');
    const global = await cli(['--json', 'redact', '--language', 'pt'], 'cpf 529.982.247-25\n');
    expect(JSON.parse(global.stdout)).toEqual({ text: 'cpf [CPF]', spans: [{ start: 4, end: 18, kind: 'cpf' }] });
  });

  it('refuses an unknown language', async () => {
    const res = await cli(['redact', '--language', 'fr'], 'hello\n');
    expect(res.code).not.toBe(0);
    expect(res.stderr).toMatch(/--language/);
  });
});
