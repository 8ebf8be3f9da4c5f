import http from 'node:http';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import sirv from 'sirv';
import { WebSocketServer, type WebSocket } from 'ws';
import { WireMessage } from '../../../src-shared/ipc';
import type { Core } from '../core';
import type { Dispatch } from '../api/dispatch';

export type UiServer = { url: string; port: number; token: string; close(): Promise<void> };

export type UiServerOptions = {
  core: Core;
  dispatch: Dispatch;
  /** Folder with the built renderer (out/renderer). */
  rendererDir: string;
  port?: number;
  token?: string;
};

const COOKIE = 'salesedge_token';

/**
 * Serves the real renderer and the IPC contract over a WebSocket, for browsers (tests,
 * development, Linux users who prefer it). Binds 127.0.0.1 only; every HTTP request and the
 * socket need the per-launch token (from the URL once, then from a SameSite=Strict cookie),
 * so another local user or a web page cannot drive the core.
 */
export async function startUiServer(options: UiServerOptions): Promise<UiServer> {
  const token = options.token ?? crypto.randomBytes(24).toString('base64url');
  const index = path.join(options.rendererDir, 'index.html');
  if (!fs.existsSync(index)) throw new Error(`the UI is not built (${index} is missing); run: npm run build`);
  const serveStatic = sirv(options.rendererDir, { dev: false, etag: true, single: true });

  const authorised = (req: http.IncomingMessage): boolean => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const given = url.searchParams.get('token') ?? cookieToken(req.headers.cookie);
    return given !== null && safeEqual(given, token);
  };

  const server = http.createServer((req, res) => {
    if (!authorised(req)) {
      res.writeHead(401, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('401: missing or wrong token; open the URL printed by `salesedge serve-ui`\n');
      return;
    }
    res.setHeader('set-cookie', `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    serveStatic(req, res);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 8 * 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const sameOrigin = !req.headers.origin || req.headers.origin === `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    if (url.pathname !== '/ws' || !authorised(req) || !sameOrigin) {
      socket.write('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws: WebSocket) => {
    const unsubscribe = options.core.events.onAny((event, payload) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ kind: 'event', event, payload } satisfies WireMessage));
    });
    ws.on('close', unsubscribe);
    ws.on('message', async (data) => {
      let msg: WireMessage;
      try {
        msg = WireMessage.parse(JSON.parse(String(data)));
      } catch {
        ws.send(JSON.stringify({ kind: 'event', event: 'core.error', payload: { message: 'malformed message ignored' } }));
        return;
      }
      if (msg.kind !== 'request') return;
      const outcome = await options.dispatch(msg.channel, msg.payload);
      const reply: WireMessage = outcome.ok
        ? { kind: 'response', id: msg.id, ok: true, result: outcome.result }
        : { kind: 'response', id: msg.id, ok: false, error: outcome.error };
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(reply));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function cookieToken(header: string | undefined): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const [k, v] = part.trim().split('=');
    if (k === COOKIE && v) return v;
  }
  return null;
}

function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && crypto.timingSafeEqual(ab, bb);
}
