import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../program';
import { callsCommand } from './calls';

const recordings = path.resolve(__dirname, '../../../test/fixtures/recordings');
let dataDir: string;
beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'salesedge-cli-calls-'));
});
afterEach(() => {
  vi.restoreAllMocks();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((c) => (out.push(String(c)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((c) => (err.push(String(c)), true));
  const code = await runCli(['--data-dir', dataDir, ...args], [callsCommand]);
  vi.restoreAllMocks();
  return { code, out: out.join(''), err: err.join('') };
}

describe('salesedge calls', () => {
  it('import → list --json → show → export → delete on the same store', async () => {
    const imported = await cli('--json', 'calls', 'import', path.join(recordings, 'call-pt.wav'), '--engine', 'reference', '--language', 'pt');
    expect(imported.err).toBe('');
    expect(imported.code).toBe(0);
    const lines = imported.out.trim().split('\n').map((l) => JSON.parse(l) as { event: string; id?: string; fraction?: number });
    expect(lines.at(-1)).toMatchObject({ event: 'imported', segments: 5 });
    expect(lines.filter((l) => l.event === 'progress').at(-1)!.fraction).toBe(1);
    const id = lines.at(-1)!.id!;

    const list = await cli('--json', 'calls', 'list', '--query', 'orcamento');
    const rows = list.out.trim().split('\n').map((l) => JSON.parse(l) as { id: string; snippet: string });
    expect(rows.map((r) => r.id)).toEqual([id]);
    expect(rows[0]!.snippet).toContain('[orçamento]');

    const shown = await cli('--json', 'calls', 'show', id);
    const detail = JSON.parse(shown.out) as { segments: { speaker: string }[]; summary: { language: string; followUpEmail: { body: string } } };
    expect(detail.segments.map((s) => s.speaker)).toEqual(['rep', 'customer', 'rep', 'customer', 'rep']);
    expect(detail.summary.language).toBe('pt');
    expect(detail.summary.followUpEmail.body).toMatch(/^Olá/);

    const out = path.join(dataDir, 'call.csv');
    expect((await cli('calls', 'export', id, '--format', 'csv', '--out', out)).code).toBe(0);
    expect(fs.readFileSync(out, 'utf8').split('\r\n')[0]).toBe('call_id,start,end,speaker,text');
    const md = await cli('calls', 'export', id, '--format', 'md');
    expect(md.out).toContain('Sinceramente, o preço está muito caro para o nosso orçamento.');

    expect((await cli('calls', 'delete', id)).out).toBe(`deleted call ${id}\n`);
    expect((await cli('--json', 'calls', 'list')).out).toBe('');
  });

  it('bad input: one line on stderr and exit 1', async () => {
    const missing = await cli('calls', 'import', path.join(recordings, 'nope.wav'));
    expect(missing.code).toBe(1);
    expect(missing.err).toBe(`salesedge: no such recording: ${path.join(recordings, 'nope.wav')}\n`);
    const bad = await cli('calls', 'import', path.join(recordings, 'not-audio.wav'));
    expect(bad.code).toBe(1);
    expect(bad.err.trim().split('\n').at(-1)).toBe(`salesedge: cannot import ${path.join(recordings, 'not-audio.wav')}: not a supported recording (WAV, MP3, M4A/AAC, OGG or FLAC)`);
    const unknown = await cli('calls', 'delete', 'nope');
    expect(unknown).toMatchObject({ code: 1, err: 'salesedge: no call with id nope\n' });
    expect((await cli('calls', 'export', 'x', '--format', 'pdf')).code).not.toBe(0);
  });
});
