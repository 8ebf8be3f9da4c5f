import { WireMessage, isEventName, requests, type CoreApi, type EventName, type RequestChannel } from '../../../src-shared/ipc';
import { CoreRequestError } from './errors';

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void; channel: RequestChannel };

/**
 * The IPC contract over a WebSocket. Requests queue until the socket opens and the socket
 * reconnects with backoff, so a restarted `serve-ui` does not need a page reload. Responses
 * and events are validated with the same zod schemas as in Electron.
 */
export function createWebSocketApi(url: string): CoreApi {
  let socket: WebSocket | undefined;
  let nextId = 1;
  let retry = 0;
  const pending = new Map<number, Pending>();
  const queue: string[] = [];
  const listeners = new Map<EventName, Set<(p: unknown) => void>>();

  const connect = () => {
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      retry = 0;
      for (const msg of queue.splice(0)) ws.send(msg);
    };
    ws.onmessage = (e: MessageEvent<string>) => {
      const parsed = WireMessage.safeParse(JSON.parse(e.data));
      if (!parsed.success) return;
      const msg = parsed.data;
      if (msg.kind === 'response') {
        const p = pending.get(msg.id);
        if (!p) return;
        pending.delete(msg.id);
        if (!msg.ok) p.reject(new CoreRequestError(msg.error));
        else {
          const res = requests[p.channel].response.safeParse(msg.result);
          if (res.success) p.resolve(res.data);
          else p.reject(new CoreRequestError({ code: 'internal', message: `the core answered ${p.channel} with an unexpected shape`, notice: { key: 'core.badAnswer', params: { channel: p.channel } } }));
        }
      } else if (msg.kind === 'event' && isEventName(msg.event)) {
        for (const l of listeners.get(msg.event) ?? []) l(msg.payload);
      }
    };
    ws.onclose = () => {
      for (const [id, p] of pending) {
        p.reject(new CoreRequestError({ code: 'unavailable', message: 'connection to the SalesEdge core was lost', notice: { key: 'core.connectionLost', params: {} } }));
        pending.delete(id);
      }
      retry += 1;
      setTimeout(connect, Math.min(5000, 250 * 2 ** retry));
    };
  };
  connect();

  return {
    invoke: (channel, payload) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject, channel });
        const text = JSON.stringify({ kind: 'request', id, channel, payload } satisfies WireMessage);
        if (socket?.readyState === WebSocket.OPEN) socket.send(text);
        else queue.push(text);
      }),
    on: (event, listener) => {
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (p: unknown) => void);
      listeners.set(event, set);
      return () => void set.delete(listener as (p: unknown) => void);
    },
  };
}
