import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../core';
import { createDispatcher, type Dispatch } from './dispatch';
import { handlers } from './handlers';
import { seedCall } from '../calls/seed-calls';
import { DAY, enCall, ptCall } from '../calls/sample-calls';

let core: Core;
let dispatch: Dispatch;
let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'salesedge-calls-api-'));
  core = createCore({ dataDir: dir });
  dispatch = createDispatcher(core, handlers);
});
afterEach(async () => {
  await core.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('calls.* over the contract', () => {
  it('retention: listing the history purges calls older than privacy.retentionDays', async () => {
    const old = seedCall(core.store, enCall({ startedAt: Date.now() - 40 * DAY }));
    const fresh = seedCall(core.store, ptCall({ startedAt: Date.now() - DAY }));
    const changed: unknown[] = [];
    core.events.on('calls.changed', (p) => changed.push(p));
    let res = await dispatch('calls.list', {});
    expect(res.ok && (res.result as { total: number }).total).toBe(2);
    await dispatch('settings.update', { privacy: { retentionDays: 30 } });
    res = await dispatch('calls.list', {});
    expect(res.ok && (res.result as { items: { id: string }[] }).items.map((i) => i.id)).toEqual([fresh]);
    expect(changed).toEqual([{ id: null }]);
    expect(await dispatch('calls.get', { id: old })).toEqual({ ok: false, error: { code: 'not_found', message: `no call with id ${old}` } });
  });

  it('validates payloads and answers one-line errors', async () => {
    const bad = await dispatch('calls.list', { sentiment: 'angry' });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error.code).toBe('bad_request');
    const fmt = await dispatch('calls.export', { ids: ['x'], format: 'pdf' });
    expect(!fmt.ok && fmt.error.message).toMatch(/^invalid payload for calls.export: format: /);
  });

  it('exports a filtered list and one call, deletes with an event', async () => {
    const pt = seedCall(core.store, ptCall());
    seedCall(core.store, enCall());
    const list = await dispatch('calls.export', { filter: { objection: 'price' }, format: 'csv' });
    const csv = list.ok ? (list.result as { content: string }).content.trim().split('\r\n') : [];
    expect(csv).toHaveLength(2);
    expect(csv[1]).toContain(pt);
    const one = await dispatch('calls.export', { ids: [pt], format: 'md', redact: true });
    const md = one.ok ? (one.result as { content: string; fileName: string }) : null;
    expect(md?.fileName).toBe(`call-${pt}.md`);
    expect(md?.content).toContain('[NOME]');
    expect(md?.content).not.toContain('Mariana');
    const events: unknown[] = [];
    core.events.on('calls.changed', (p) => events.push(p));
    expect(await dispatch('calls.delete', { id: pt })).toEqual({ ok: true, result: { deleted: true } });
    expect(events).toEqual([{ id: pt }]);
    const facets = await dispatch('calls.facets', {});
    expect(facets).toMatchObject({ ok: true, result: { competitors: [{ id: 'hubspot', name: 'HubSpot' }] } });
    expect((facets as { result: { names: Record<string, string> } }).result.names).toMatchObject({ hubspot: 'HubSpot', gong: 'Gong', 'rd-station': 'RD Station' });
  });
});
