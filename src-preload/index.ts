/**
 * Preload: exposes exactly the typed contract (CoreApi) as `window.salesedge`, nothing else.
 * Runs sandboxed, so it may only use contextBridge and ipcRenderer.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { ELECTRON_EVENT_CHANNEL, ELECTRON_INVOKE_CHANNEL, IpcError, isEventName, type CoreApi } from '../src-shared/ipc';

const api = {
  invoke: async (channel, payload) => {
    try {
      return await ipcRenderer.invoke(ELECTRON_INVOKE_CHANNEL, channel, payload);
    } catch (err) {
      // Main encodes IpcError as JSON inside the Error message (see ipcError in main). The
      // renderer gets it as a plain object: the context bridge would keep only an Error's
      // message, and the notice (the UI's own words for it) must cross too.
      const raw = err instanceof Error ? err.message.replace(/^Error invoking remote method '[^']+': (Error: )?/, '') : String(err);
      let parsed: IpcError = { code: 'internal', message: raw };
      try {
        const ipc = IpcError.safeParse(JSON.parse(raw));
        if (ipc.success) parsed = ipc.data;
      } catch {
        // not JSON: keep the raw message
      }
      return Promise.reject(parsed);
    }
  },
  on: (event, listener) => {
    const handler = (_e: Electron.IpcRendererEvent, name: string, payload: unknown) => {
      if (name === event && isEventName(name)) (listener as (p: unknown) => void)(payload);
    };
    ipcRenderer.on(ELECTRON_EVENT_CHANNEL, handler);
    return () => void ipcRenderer.off(ELECTRON_EVENT_CHANNEL, handler);
  },
} satisfies CoreApi;

contextBridge.exposeInMainWorld('salesedge', api);
