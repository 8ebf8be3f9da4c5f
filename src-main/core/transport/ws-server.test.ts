import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createCore, type Core } from '../core';
import { createDispatcher } from '../api/dispatch';
import { handlers } from '../api/handlers';
import { startUiServer, type UiServer } from './ws-server';
import { tempDir } from '../../../test/helpers';

type Reply = { kind: string; id?: number; ok?: boolean; result?: unknown; error?: { code: string; message: string }; event?: string; payload?: unknown };

function connect(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

function request(ws: WebSocket, id: number, channel: string, payload: unknown): Promise<Reply> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const msg = JSON.parse(String(data)) as Reply;
      if (msg.kind === 'response' && msg.id === id) {
        ws.off('message', onMessage);
        resolve(msg);
      }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ kind: 'request', id, channel, payload }));
  });
}

describe('serve-ui transport', () => {
  let core: Core;
  let server: UiServer;
  const tmp = tempDir();
  const rendererDir = path.join(tmp.dir, 'renderer');

  beforeAll(async () => {
    fs.mkdirSync(rendererDir);
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
    core = createCore({ dataDir: path.join(tmp.dir, 'data') });
    server = await startUiServer({ core, dispatch: createDispatcher(core, handlers), rendererDir });
  });
  afterAll(async () => {
    await server.close();
    await core.close();
    tmp.cleanup();
  });

  it('binds 127.0.0.1 on a random port with a per-launch token in the URL', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/);
    expect(server.port).toBeGreaterThan(0);
  });

  it('refuses HTTP and WebSocket requests without the token', async () => {
    expect((await fetch(`http://127.0.0.1:${server.port}/`)).status).toBe(401);
    expect((await fetch(`http://127.0.0.1:${server.port}/?token=wrong`)).status).toBe(401);
    await expect(connect(`ws://127.0.0.1:${server.port}/ws`)).rejects.toThrow(/401/);
    await expect(connect(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, { origin: 'http://evil.example' })).rejects.toThrow(/401/);
  });

  it('serves the UI with the token and answers typed requests', async () => {
    const page = await fetch(server.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('set-cookie')).toContain('HttpOnly');
    const ws = await connect(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`);
    const info = await request(ws, 1, 'app.info', {});
    expect(info.ok).toBe(true);
    expect(info.result).toMatchObject({ name: 'SalesEdge Copilot', transport: 'websocket' });
    ws.close();
  });

  it('validates payloads and pushes events to every client', async () => {
    const a = await connect(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`);
    const b = await connect(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`);
    const bad = await request(a, 1, 'settings.update', { theme: 'purple' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    const unknown = await request(a, 2, 'nope.nothing', {});
    expect(unknown.error?.message).toMatch(/unknown request channel/);
    const gotEvent = new Promise<Reply>((resolve) => b.on('message', (d) => {
      const m = JSON.parse(String(d)) as Reply;
      if (m.kind === 'event' && m.event === 'settings.changed') resolve(m);
    }));
    const ok = await request(a, 3, 'settings.update', { theme: 'dark' });
    expect(ok.ok).toBe(true);
    expect(((await gotEvent).payload as { theme: string }).theme).toBe('dark');
    a.close();
    b.close();
  });
});
