import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../program';
import { replayCommand } from './replay';
import { demoCommand } from './demo';
import { repoRoot } from '../../../test/helpers';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'salesedge-replay-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

async function cli(args: string[], onLine?: (line: string) => void) {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((c) => {
    out.push(String(c));
    onLine?.(String(c));
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((c) => (err.push(String(c)), true));
  const code = await runCli(['--data-dir', dataDir, ...args], [replayCommand, demoCommand]);
  vi.restoreAllMocks();
  return { code, stdout: out.join(''), stderr: err.join('') };
}

const demoWav = path.join(repoRoot, 'resources/demo/demo-en.wav');
type Line = { event: string; [k: string]: unknown };

describe('salesedge replay', () => {
  it('prints partials, finals and each hint with its latency (reference transcripts, real VAD and NLP)', { timeout: 180_000 }, async () => {
    const res = await cli(['--json', 'replay', demoWav, '--engine', 'reference']);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const lines = res.stdout.trim().split('\n').map((l) => JSON.parse(l) as Line);
    expect(lines.some((l) => l.event === 'partial')).toBe(true);
    const finals = lines.filter((l) => l.event === 'final');
    expect(finals[0]).toMatchObject({ speaker: 'rep', text: expect.stringContaining('thanks for joining') });
    const hints = lines.filter((l) => l.event === 'hint');
    expect(hints.map((h) => h.trigger)).toEqual(['gong', 'price', 'authority', 'timing']);
    for (const h of hints) expect(h.latencyMs).toBe((h.shownMs as number) - (h.speechEndMs as number));
    const summary = lines.at(-1)!;
    expect(summary).toMatchObject({ event: 'summary', engine: 'reference', realtime: false, hints: 4 });
    expect(typeof summary.latencyP95Ms).toBe('number');
  });

  it('prints a hint under the customer line that fired it, also when it fired on a partial', { timeout: 180_000 }, async () => {
    const res = await cli(['replay', demoWav, '--engine', 'reference']);
    expect(res.code).toBe(0);
    const lines = res.stdout.split('\n');
    const hintLines = lines.map((l, i) => [l, i] as const).filter(([l]) => l.includes('► hint'));
    expect(hintLines.filter(([l]) => l.includes('(from partial)')).length).toBeGreaterThan(0);
    for (const [line, i] of hintLines) {
      const owner = lines.slice(0, i).reverse().find((l) => /^\[\d\d:\d\d\.\d\]/.test(l))!;
      expect(owner, line).toMatch(/^\[[\d:.]+\] customer /);
    }
    // The Gong battlecard sits under the customer's Gong line, not under the rep's greeting.
    const gong = lines.findIndex((l) => l.includes('► hint gong'));
    expect(lines[gong - 1]).toMatch(/customer .*we already use Gong/);
  });

  it('refuses bad input in one line', async () => {
    const missing = await cli(['replay', '/nope/call.wav']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('salesedge: no such recording: /nope/call.wav\n');
    const both = await cli(['replay', demoWav, '--mic', demoWav, '--system', demoWav]);
    expect(both.stderr).toBe('salesedge: give either FILE or --mic and --system, not both\n');
    const none = await cli(['replay']);
    expect(none.stderr).toBe('salesedge: give a recording FILE, or both --mic FILE and --system FILE\n');
    const noScript = await cli(['replay', demoWav, '--engine', 'reference', '--script', '/nope.json']);
    expect(noScript.stderr).toMatch(/^salesedge: cannot read call script \/nope\.json/);
    const engine = await cli(['replay', demoWav, '--engine', 'bogus']);
    expect(engine.code).not.toBe(0);
  });
});

describe('salesedge demo', () => {
  it('serves the UI and replays the bundled call through the live path, with hints', { timeout: 240_000 }, async () => {
    let url = '';
    const res = await cli(['--json', 'demo', '--language', 'pt', '--once', '--delay', '0'], (line) => {
      const m = /"url":"([^"]+)"/.exec(line);
      if (m) url = m[1]!;
    });
    expect(res.code).toBe(0);
    const lines = res.stdout.trim().split('\n').map((l) => JSON.parse(l) as Line);
    // The embedded local sync server comes up first, then the UI.
    expect(lines[0]).toMatchObject({ event: 'sync-server', tenant: 'demo' });
    expect(lines[1]).toMatchObject({ event: 'listening' });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=/);
    expect(lines.find((l) => l.event === 'call')).toMatchObject({ language: 'pt' });
    const ended = lines.find((l) => l.event === 'ended') as unknown as { state: string; hints: { trigger: string }[] };
    expect(ended.state).toBe('ended');
    expect(ended.hints.map((h) => h.trigger)).toEqual(['rd-station', 'price', 'authority', 'timing']);
    // The call's insight reached the embedded sync server: nothing left in the outbox.
    expect(lines.find((l) => l.event === 'synced')).toMatchObject({ pending: 0, lastError: null });
  });
});
