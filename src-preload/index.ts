/**
 * Preload: exposes exactly the typed contract (CoreApi) as `window.salesedge`, nothing else.
 * Runs sandboxed, so it may only use contextBridge and ipcRenderer.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { ELECTRON_EVENT_CHANNEL, ELECTRON_INVOKE_CHANNEL, isEventName, type CoreApi } from '../src-shared/ipc';

const api = {
  invoke: async (channel, payload) => {
    try {
      return await ipcRenderer.invoke(ELECTRON_INVOKE_CHANNEL, channel, payload);
    } catch (err) {
      // Main encodes IpcError as JSON inside the Error message (see ipcError in main).
      const raw = err instanceof Error ? err.message.replace(/^Error invoking remote method '[^']+': (Error: )?/, '') : String(err);
      let message = raw;
      try {
        message = (JSON.parse(raw) as { message: string }).message;
      } catch {
        // not JSON: keep the raw message
      }
      throw new Error(message);
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
