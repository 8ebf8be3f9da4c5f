import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createCore, type Core } from '../core';
import { createDispatcher } from '../api/dispatch';
import { handlers } from '../api/handlers';
import { startUiServer, type UiServer } from './ws-server';
import { tempDir } from '../../../test/helpers';

/**
 * A bad client must not kill the core: malformed frames, oversize frames, garbage on the
 * upgrade path and malformed JSON each end (at most) that one connection, with the right
 * close code or HTTP status and one log line; the server keeps serving new clients.
 * Frames are written by hand over a raw TCP socket, as a hostile client would.
 */

type RawConnection = { socket: net.Socket; received: () => Buffer; closed: Promise<Buffer>; waitFor(pattern: string): Promise<string> };

function rawConnect(port: number): Promise<RawConnection> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let buf = Buffer.alloc(0);
    const waiters: Array<() => void> = [];
    socket.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      for (const w of waiters.splice(0)) w();
    });
    const closed = new Promise<Buffer>((res) => socket.once('close', () => res(buf)));
    socket.on('error', () => undefined); // a reset from the server is fine; `closed` still resolves
    const waitFor = (pattern: string) =>
      new Promise<string>((res, rej) => {
        const check = () => {
          if (buf.includes(pattern)) return res(buf.toString('latin1'));
          if (socket.destroyed) return rej(new Error(`connection closed before ${JSON.stringify(pattern)}: ${buf.toString('latin1')}`));
          waiters.push(check);
        };
        socket.once('close', check);
        check();
      });
    socket.once('connect', () => resolve({ socket, received: () => buf, closed, waitFor }));
    socket.once('error', reject);
  });
}

async function rawHandshake(port: number, token: string): Promise<RawConnection> {
  const conn = await rawConnect(port);
  const key = crypto.randomBytes(16).toString('base64');
  conn.socket.write(
    `GET /ws?token=${token} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  );
  const head = await conn.waitFor('\r\n\r\n');
  expect(head).toMatch(/^HTTP\/1\.1 101 /);
  const accept = crypto.createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
  expect(head).toContain(`Sec-WebSocket-Accept: ${accept}`);
  return conn;
}

/** A client frame: FIN set, masked as RFC 6455 requires; `declaredLength` may lie about the payload size. */
function clientFrame(opcode: number, payload: Buffer, declaredLength = payload.length): Buffer {
  const mask = crypto.randomBytes(4);
  let header: Buffer;
  if (declaredLength < 126) header = Buffer.from([0x80 | opcode, 0x80 | declaredLength]);
  else if (declaredLength < 65536) {
    header = Buffer.alloc(4);
    header[0] = 0x80 | opcode;
    header[1] = 0x80 | 126;
    header.writeUInt16BE(declaredLength, 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = 0x80 | opcode;
    header[1] = 0x80 | 127;
    header.writeBigUInt64BE(BigInt(declaredLength), 2);
  }
  const masked = Buffer.from(payload.map((b, i) => b ^ mask[i % 4]!));
  return Buffer.concat([header, mask, masked]);
}

/** The close code of the first close frame the server sent after the 101 response. */
function serverCloseCode(received: Buffer): number | null {
  let at = received.indexOf('\r\n\r\n') + 4;
  while (at + 2 <= received.length) {
    const opcode = received[at]! & 0x0f;
    let len = received[at + 1]! & 0x7f;
    let start = at + 2;
    if (len === 126) {
      len = received.readUInt16BE(at + 2);
      start = at + 4;
    } else if (len === 127) {
      len = Number(received.readBigUInt64BE(at + 2));
      start = at + 10;
    }
    if (opcode === 0x8) return len >= 2 ? received.readUInt16BE(start) : null;
    at = start + len;
  }
  return null;
}

function connect(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

function nextMessage(ws: WebSocket, match: (m: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const msg = JSON.parse(String(data)) as Record<string, unknown>;
      if (match(msg)) {
        ws.off('message', onMessage);
        resolve(msg);
      }
    };
    ws.on('message', onMessage);
  });
}

describe('serve-ui transport against a bad client', () => {
  let core: Core;
  let server: UiServer;
  const tmp = tempDir();
  const rendererDir = path.join(tmp.dir, 'renderer');
  const logLines: string[] = [];
  const uncaught: unknown[] = [];
  const onUncaught = (err: unknown) => uncaught.push(err);

  beforeAll(async () => {
    fs.mkdirSync(rendererDir);
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
    const log = pino({ level: 'info', base: undefined }, { write: (line: string) => void logLines.push(line) });
    core = createCore({ dataDir: path.join(tmp.dir, 'data'), log });
    server = await startUiServer({ core, dispatch: createDispatcher(core, handlers), rendererDir });
    process.on('uncaughtException', onUncaught);
  });
  afterAll(async () => {
    process.off('uncaughtException', onUncaught);
    await server.close();
    await core.close();
    tmp.cleanup();
  });
  beforeEach(() => {
    logLines.length = 0;
  });
  afterEach(async () => {
    // Whatever the bad client did, nothing escaped as an uncaught error and a new, normal
    // client can still connect and make a request.
    expect(uncaught).toEqual([]);
    const ws = await connect(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`);
    const reply = nextMessage(ws, (m) => m.kind === 'response' && m.id === 99);
    ws.send(JSON.stringify({ kind: 'request', id: 99, channel: 'app.info', payload: {} }));
    expect(await reply).toMatchObject({ ok: true, result: { name: 'SalesEdge Copilot' } });
    ws.close();
  });

  const warnings = () => logLines.map((l) => JSON.parse(l) as { level: number; msg: string }).filter((l) => l.level >= 40);

  it('closes a socket that sends invalid UTF-8 in a text frame with 1007, logging one line', async () => {
    const bystander = await connect(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`);
    const conn = await rawHandshake(server.port, server.token);
    conn.socket.write(clientFrame(0x1, Buffer.from([0x7b, 0xff, 0xfe, 0xc3, 0x28, 0x7d])));
    const received = await conn.closed;
    expect(serverCloseCode(received)).toBe(1007);
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]!.msg).toMatch(/WebSocket client closed \(1007\).*UTF-8/);
    expect(warnings()[0]!.msg).not.toContain('\n');
    // Only that socket: another client connected before it is still open and served.
    expect(bystander.readyState).toBe(WebSocket.OPEN);
    const reply = nextMessage(bystander, (m) => m.kind === 'response' && m.id === 1);
    bystander.send(JSON.stringify({ kind: 'request', id: 1, channel: 'app.info', payload: {} }));
    expect(await reply).toMatchObject({ ok: true });
    bystander.close();
  });

  it('closes a socket whose frame is larger than maxPayload with 1009, logging one line', async () => {
    const conn = await rawHandshake(server.port, server.token);
    // Only the header (and a little payload) is sent: the declared length alone is over the limit.
    conn.socket.write(clientFrame(0x2, Buffer.from('x'.repeat(16)), 8 * 1024 * 1024 + 1));
    const received = await conn.closed;
    expect(serverCloseCode(received)).toBe(1009);
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]!.msg).toMatch(/WebSocket client closed \(1009\).*payload/i);
  });

  it('answers a broken handshake on the upgrade path with a one-line 400', async () => {
    const conn = await rawConnect(server.port);
    conn.socket.write(`GET /ws?token=${server.token} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n`);
    const received = (await conn.closed).toString('latin1');
    expect(received).toMatch(/^HTTP\/1\.1 400 /);
    const body = received.slice(received.indexOf('\r\n\r\n') + 4);
    expect(body.trim()).toMatch(/^400: .*Sec-WebSocket-Key/);
    expect(body.trim()).not.toContain('\n');
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]!.msg).toMatch(/WebSocket handshake refused.*Sec-WebSocket-Key/);
  });

  it('answers bytes that are not HTTP at all with a one-line 400', async () => {
    const conn = await rawConnect(server.port);
    conn.socket.write(Buffer.from([0x16, 0x03, 0x01, 0x00, 0xff, 0x0d, 0x0a, 0x0d, 0x0a]));
    const received = (await conn.closed).toString('latin1');
    expect(received).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]!.msg).toMatch(/bad HTTP request/);
  });

  it('answers JSON that is not a valid request with a one-line error and keeps the socket', async () => {
    const ws = await connect(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`);
    // A request-shaped message with a bad field gets a response for its id, so the caller is not left waiting.
    const badField = nextMessage(ws, (m) => m.kind === 'response' && m.id === 7);
    ws.send(JSON.stringify({ kind: 'request', id: 7, channel: 42 }));
    const reply = (await badField) as { ok: boolean; error: { code: string; message: string } };
    expect(reply.ok).toBe(false);
    expect(reply.error.code).toBe('bad_request');
    expect(reply.error.message).toMatch(/^malformed message: channel: /);
    expect(reply.error.message).not.toContain('\n');
    // Not JSON at all, and JSON that is no message: a core.error event each.
    for (const text of ['{not json', '[1,2,3]']) {
      const event = nextMessage(ws, (m) => m.kind === 'event' && m.event === 'core.error');
      ws.send(text);
      const { payload } = (await event) as { payload: { message: string } };
      expect(payload.message).toMatch(/^malformed message/);
      expect(payload.message).not.toContain('\n');
    }
    expect(warnings()).toHaveLength(3);
    const ok = nextMessage(ws, (m) => m.kind === 'response' && m.id === 8);
    ws.send(JSON.stringify({ kind: 'request', id: 8, channel: 'app.info', payload: {} }));
    expect(await ok).toMatchObject({ ok: true });
    ws.close();
  });
});
