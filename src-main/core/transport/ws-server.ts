import http from 'node:http';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import sirv from 'sirv';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { WireMessage } from '../../../src-shared/ipc';
import type { Core } from '../core';
import type { Dispatch } from '../api/dispatch';
import { oneLine } from '../../../src-shared/errors';

export type UiServer = { url: string; port: number; token: string; close(): Promise<void> };

type UiServerOptions = {
  core: Core;
  dispatch: Dispatch;
  /** Folder with the built renderer (out/renderer). */
  rendererDir: string;
  port?: number;
  token?: string;
};

const COOKIE = 'salesedge_token';
/** Largest WebSocket message a client may send; `ws` closes a socket past it with 1009. */
const MAX_PAYLOAD = 8 * 1024 * 1024;

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

  const log = options.core.log;

  // A bad client ends only its own connection, with one log line; nothing it sends can
  // raise an unhandled 'error' event (which would end the process and a live call with it).
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    log.warn({ code: err.code }, `bad HTTP request refused: ${oneLine(err)}`);
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${status.slice(0, 3)}: bad HTTP request\n`);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD });
  wss.on('error', (err) => log.warn(`WebSocket server error: ${oneLine(err)}`));
  // A broken handshake (no key, wrong version, ...) gets a one-line HTTP error and a log line.
  wss.on('wsClientError', (err: Error, socket: Duplex) => {
    log.warn(`WebSocket handshake refused: ${oneLine(err)}`);
    const status = err.message === 'Invalid HTTP method' ? '405 Method Not Allowed' : '400 Bad Request';
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${status.slice(0, 3)}: ${oneLine(err)}\n`);
  });
  server.on('upgrade', (req, socket, head) => {
    // Node removes its own error handler from an upgraded socket; a reset before `ws` takes
    // the socket over must not be an unhandled error.
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'ECONNRESET' && err.code !== 'EPIPE') log.warn({ code: err.code }, `WebSocket connection error: ${oneLine(err)}`);
      socket.destroy();
    });
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
    // Invalid UTF-8 in a text frame, a frame over maxPayload, a bad opcode...: `ws` has already
    // sent the close frame with the code (1007, 1009, 1002) when it emits 'error'; this socket
    // ends, the others and the core go on.
    // (`ws` then ends the TCP connection itself once the close frame is written, or after its
    // close timeout; terminating here could drop the close frame.)
    ws.on('error', (err: Error & { code?: string }) => {
      const closeCode = err.code ? closeCodeOf(err.code) : undefined;
      log.warn({ code: err.code }, `WebSocket client closed${closeCode ? ` (${closeCode})` : ''}: ${oneLine(err)}`);
    });
    const send = (msg: WireMessage) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
    };
    ws.on('message', (data) => {
      void handleMessage(data).catch((err: unknown) => log.error({ err }, `WebSocket message failed: ${oneLine(err)}`));
    });
    const handleMessage = async (data: RawData) => {
      const parsed = parseMessage(data);
      if (!parsed.ok) {
        log.warn(`WebSocket message refused: ${parsed.message}`);
        if (parsed.id !== undefined) send({ kind: 'response', id: parsed.id, ok: false, error: { code: 'bad_request', message: parsed.message } });
        else send({ kind: 'event', event: 'core.error', payload: { message: parsed.message } });
        return;
      }
      const msg = parsed.msg;
      if (msg.kind !== 'request') return;
      const outcome = await options.dispatch(msg.channel, msg.payload);
      send(outcome.ok ? { kind: 'response', id: msg.id, ok: true, result: outcome.result } : { kind: 'response', id: msg.id, ok: false, error: outcome.error });
    };
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      server.on('error', (err) => log.warn(`UI server error: ${oneLine(err)}`));
      resolve();
    });
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

/** The close code `ws` sends for each of its frame errors (see ws/lib/receiver.js). */
function closeCodeOf(code: string): number | undefined {
  if (code === 'WS_ERR_INVALID_UTF8') return 1007;
  if (code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') return 1009;
  if (code.startsWith('WS_ERR_')) return 1002;
  return undefined;
}

type Parsed = { ok: true; msg: WireMessage } | { ok: false; message: string; id?: number };

/** One message from a client, or a one-line reason it was refused (with its id when it has one). */
function parseMessage(data: RawData): Parsed {
  let json: unknown;
  try {
    json = JSON.parse(String(data));
  } catch {
    return { ok: false, message: 'malformed message: not JSON' };
  }
  const result = WireMessage.safeParse(json);
  if (result.success) return { ok: true, msg: result.data };
  const obj = typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : null;
  const id = obj && Number.isSafeInteger(obj.id) ? (obj.id as number) : undefined;
  if (obj?.kind === 'request') {
    // Say which field is wrong, against the request shape (the union's own error names every branch).
    const req = WireMessage.options[0].safeParse(json);
    const issue = req.success ? undefined : req.error.issues[0];
    return { ok: false, id, message: `malformed message: ${issue?.path.join('.') || '(root)'}: ${issue?.message.split('\n')[0] ?? 'invalid'}` };
  }
  return { ok: false, message: 'malformed message: not a request (expected {kind: "request", id, channel, payload})' };
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
