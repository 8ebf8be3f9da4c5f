import type { CoreApi } from '../../../src-shared/ipc';
import { createWebSocketApi } from './websocket';
import { toCoreRequestError } from './errors';

declare global {
  // Declaration merging needs an interface here.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface Window {
    /** Set by the Electron preload; absent in a plain browser. */
    salesedge?: CoreApi;
  }
}

/** Electron's preload API when present, else the WebSocket transport of `salesedge serve-ui`. */
export function connectCore(): CoreApi {
  const electron = window.salesedge;
  if (electron) {
    return {
      invoke: (channel, payload) => electron.invoke(channel, payload).catch((err: unknown) => Promise.reject(toCoreRequestError(err))),
      on: (event, listener) => electron.on(event, listener),
    };
  }
  const token = new URLSearchParams(window.location.search).get('token') ?? '';
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  return createWebSocketApi(`${scheme}://${window.location.host}/ws?token=${encodeURIComponent(token)}`);
}
