import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../program';
import { callsCommand } from './calls';
import { openStore } from '../../core/store/db';
import { seedCall } from '../../core/calls/seed-calls';
import { enCall, ptCall } from '../../core/calls/sample-calls';
import { WaveFile } from 'wavefile';

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

  it('an empty (0-byte) file is called empty, not "not a supported recording"', async () => {
    const empty = path.join(dataDir, 'empty.wav');
    fs.writeFileSync(empty, '');
    const r = await cli('calls', 'import', empty);
    expect(r).toMatchObject({ code: 1, err: `salesedge: cannot import ${empty}: the file is empty (0 bytes)\n` });
    expect((await cli('--json', 'calls', 'list')).out).toBe('');
  });

  it('a recording with no speech says "no speech found" and stores no call', async () => {
    const silent = path.join(dataDir, 'silence.wav');
    const wav = new WaveFile();
    wav.fromScratch(1, 16_000, '16', new Int16Array(16_000 * 3));
    fs.writeFileSync(silent, wav.toBuffer());
    // The reference engine (an empty call script beside it) stands in for a recogniser: the VAD finds nothing to send it.
    fs.writeFileSync(path.join(dataDir, 'silence.script.json'), JSON.stringify({ language: 'en', utterances: [] }));
    const r = await cli('calls', 'import', silent, '--engine', 'reference');
    expect(r.code).toBe(1);
    expect(r.err.trim().split('\n').at(-1)).toBe(`salesedge: no speech found in ${silent}: nothing was imported`);
    expect((await cli('--json', 'calls', 'list')).out).toBe('');
  });

  it('show: the header lists every objection raised (not only the top three) and competitors by name', async () => {
    const store = openStore(dataDir);
    const id = seedCall(store, ptCall({
      segments: [
        { speaker: 'customer', startMs: 0, endMs: 2000, text: 'Caro demais.', objections: ['price'] },
        { speaker: 'customer', startMs: 3000, endMs: 5000, text: 'Preciso falar com o diretor.', objections: ['authority'] },
        { speaker: 'customer', startMs: 6000, endMs: 8000, text: 'Usamos o RD Station.', objections: ['competitor'], competitors: ['rd-station'] },
        { speaker: 'customer', startMs: 9000, endMs: 11_000, text: 'Só no ano que vem.', objections: ['timing'] },
      ],
      hints: [],
    }));
    store.close();
    const md = (await cli('calls', 'show', id)).out;
    const header = md.split('\n').find((l) => l.startsWith('- Objections:'))!;
    for (const o of ['price', 'authority', 'competitor', 'timing']) expect(header).toContain(o);
    expect(md).toContain('- Competitors: RD Station ×1');
  });

  it('list --competitor takes the name as people write it', async () => {
    const store = openStore(dataDir);
    const id = seedCall(store, enCall({ segments: [{ speaker: 'customer', startMs: 0, endMs: 2000, text: 'We use Gong.', competitors: ['gong'] }], hints: [] }));
    store.close();
    for (const name of ['Gong', 'gong', 'GONG', 'gong.io']) expect((await cli('--json', 'calls', 'list', '--competitor', name)).out, name).toContain(id);
    expect((await cli('calls', 'list')).out).toContain('[Gong]');
  });

  describe('in São Paulo (TZ=America/Sao_Paulo)', () => {
    let previous: string | undefined;
    beforeEach(() => {
      previous = process.env.TZ;
      process.env.TZ = 'America/Sao_Paulo';
    });
    afterEach(() => {
      if (previous === undefined) delete process.env.TZ;
      else process.env.TZ = previous;
    });

    it('--from/--to are local days, and the list shows local times', async () => {
      expect(new Date(Date.UTC(2025, 2, 31)).getTimezoneOffset()).toBe(180);
      const store = openStore(dataDir);
      // 22:30 on 31 March in São Paulo (01:30 UTC on 1 April), and 00:30 on 31 March (03:30 UTC).
      const late = seedCall(store, enCall({ title: 'late', startedAt: Date.UTC(2025, 3, 1, 1, 30) }));
      const early = seedCall(store, enCall({ title: 'early', startedAt: Date.UTC(2025, 2, 31, 3, 30) }));
      const before = seedCall(store, enCall({ title: 'before', startedAt: Date.UTC(2025, 2, 31, 2, 30) }));
      store.close();
      const ids = async (...args: string[]) => (await cli('--json', 'calls', 'list', ...args)).out.trim().split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { id: string }).id).sort();
      expect(await ids('--from', '2025-03-31', '--to', '2025-03-31')).toEqual([late, early].sort());
      expect(await ids('--to', '2025-03-30')).toEqual([before]);
      expect(await ids('--from', '2025-04-01')).toEqual([]);
      const text = (await cli('calls', 'list')).out;
      expect(text).toMatch(new RegExp(`${late}  2025-03-31 22:30 `));
      expect(text).toMatch(new RegExp(`${before}  2025-03-30 23:30 `));
      const bad = await cli('calls', 'list', '--from', '2025-02-30');
      expect(bad.code).not.toBe(0);
      expect(bad.err).toContain('2025-02-30');
    });
  });
});
