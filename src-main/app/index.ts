/**
 * Electron main process. Thin on purpose: windows, tray, IPC forwarding with validation and
 * sender checks, updates. The copilot itself runs in a utilityProcess (core-host.ts).
 */
import path from 'node:path';
import { app, BrowserWindow, globalShortcut, ipcMain, Menu, nativeImage, Notification, Tray, type IpcMainInvokeEvent } from 'electron';
import { autoUpdater } from 'electron-updater';
import { ELECTRON_EVENT_CHANNEL, ELECTRON_INVOKE_CHANNEL, isRequestChannel, requests, type EventPayload, type IpcError } from '../../src-shared/ipc';
import { CoreProcess } from './core-client';
import { hardenSessions, isAppUrl, registerAppScheme, serveAppScheme } from './security';
import { APP_ORIGIN } from './app-protocol';
import { createMainWindow, createOverlayWindow, setClickThrough } from './windows';
import { loadPolicy } from '../core/policy/policy';
import { applyUpdaterPlan, updaterPlan } from './updates';
import type { Settings } from '../../src-shared/settings';
import { saveLlmApiKey } from './secrets';
import { notifyTaskDue } from './task-notifications';
import { enableMacLoopback, startSystemAudioCapture, type LoopbackMessage } from './system-audio';

app.setName('SalesEdge Copilot');
registerAppScheme();
// macOS 15+ gives system audio to getDisplayMedia only behind this feature (before ready).
enableMacLoopback();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let mainWindow: BrowserWindow | undefined;
  let overlay: BrowserWindow | undefined;
  let tray: Tray | undefined;
  let clickThrough = false;

  // The dev server in development; the packaged renderer on app:// (CSP headers, a real origin).
  const rendererDir = path.join(__dirname, '../renderer');
  const rendererUrl = process.env.ELECTRON_RENDERER_URL ?? `${APP_ORIGIN}/index.html`;
  // Windows that show call content are hidden from screen capture until the core's settings say otherwise.
  let protect = true;
  const broadcast = (event: string, payload: unknown) => {
    for (const win of BrowserWindow.getAllWindows()) if (!win.isDestroyed()) win.webContents.send(ELECTRON_EVENT_CHANNEL, event, payload);
  };
  // The core asks for system audio while a call uses the loopback "device" (audio.loopback).
  let loopback: Promise<{ stop(): Promise<void> }> | null = null;
  const onCoreEvent = (event: string, payload: unknown) => {
    if (event === 'audio.loopback') {
      const active = (payload as { active?: boolean }).active === true;
      if (active && !loopback) {
        loopback = startSystemAudioCapture({
          onChunk: (chunk) => core.post({ kind: 'loopback-audio', samples: chunk.samples, sampleRate: chunk.sampleRate } satisfies LoopbackMessage),
          onStatus: (status) => status.kind === 'error' && broadcast('core.error', { message: status.message }),
        });
        loopback.catch((err: Error) => {
          loopback = null;
          broadcast('core.error', { message: `system audio capture failed: ${err.message}` });
        });
      } else if (!active && loopback) {
        void loopback.then((l) => l.stop()).catch(() => undefined);
        loopback = null;
      }
    }
    if (event === 'settings.changed') applyProtection((payload as { privacy?: { screenCaptureProtection?: boolean } }).privacy?.screenCaptureProtection !== false);
    // A follow-up task fell due: a desktop notification (the renderer's badge gets the event too).
    if (event === 'tasks.due') notifyTaskDue(Notification, payload as EventPayload<'tasks.due'>, { fallback: app.getLocale().startsWith('pt') ? 'pt' : 'en', open: () => showMain() });
    broadcast(event, payload);
  };
  const core = new CoreProcess(app.getPath('userData'), onCoreEvent);

  const applyProtection = (on: boolean) => {
    protect = on;
    for (const win of [mainWindow, overlay]) if (win && !win.isDestroyed()) win.setContentProtection(on);
  };

  const showMain = () => {
    if (!mainWindow || mainWindow.isDestroyed()) mainWindow = createMainWindow(rendererUrl, protect);
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  };
  const toggleOverlay = () => {
    if (!overlay || overlay.isDestroyed()) overlay = createOverlayWindow(rendererUrl, clickThrough, protect);
    else if (overlay.isVisible()) overlay.hide();
    else overlay.showInactive();
  };

  app.on('second-instance', showMain);

  void app.whenReady().then(() => {
    if (!process.env.ELECTRON_RENDERER_URL) serveAppScheme(rendererDir);
    hardenSessions(rendererUrl, async () => ((await core.request('links.hosts', {})) as { hosts: string[] }).hosts);
    core.start();
    void core
      .request('settings.get', {})
      .then((s) => applyProtection((s as { privacy: { screenCaptureProtection: boolean } }).privacy.screenCaptureProtection))
      .catch(() => undefined);

    // Every request is checked twice here: it must come from one of our own pages, and its
    // payload must match the contract, before it is forwarded to the core.
    ipcMain.handle(ELECTRON_INVOKE_CHANNEL, async (event: IpcMainInvokeEvent, channel: unknown, payload: unknown) => {
      const frameUrl = event.senderFrame?.url ?? '';
      if (!isAppUrl(frameUrl, rendererUrl)) throw ipcError({ code: 'bad_request', message: 'request from an unknown page refused' });
      if (typeof channel !== 'string' || !isRequestChannel(channel)) throw ipcError({ code: 'bad_request', message: `unknown request channel: ${String(channel)}` });
      const parsed = requests[channel].request.safeParse(payload ?? {});
      if (!parsed.success) throw ipcError({ code: 'bad_request', message: `invalid payload for ${channel}` });
      try {
        // The API key goes to the core's memory, then to safeStorage here (main process): the
        // core's policy gate may refuse it (LLM locked off), and then nothing is stored.
        if (channel === 'llm.setApiKey') {
          const { key } = requests['llm.setApiKey'].request.parse(parsed.data);
          await core.request(channel, parsed.data);
          try {
            saveLlmApiKey(key);
          } catch (err) {
            // No secure storage: the core must not keep a key the app could not store.
            await core.request(channel, { key: null }).catch(() => undefined);
            throw err;
          }
          return { stored: key === null ? 'removed' : 'secure' };
        }
        return await core.request(channel, parsed.data);
      } catch (err) {
        throw ipcError(err as IpcError);
      }
    });

    showMain();
    toggleOverlay();
    tray = new Tray(nativeImage.createFromPath(path.join(__dirname, '../../resources/tray.png')));
    tray.setToolTip('SalesEdge Copilot');
    const rebuildMenu = () =>
      tray?.setContextMenu(
        Menu.buildFromTemplate([
          { label: 'Open SalesEdge', click: showMain },
          { label: 'Show/hide overlay', accelerator: 'CommandOrControl+Shift+H', click: toggleOverlay },
          {
            label: 'Overlay click-through',
            type: 'checkbox',
            checked: clickThrough,
            click: () => {
              clickThrough = !clickThrough;
              if (overlay && !overlay.isDestroyed()) setClickThrough(overlay, clickThrough);
              rebuildMenu();
            },
          },
          { type: 'separator' },
          { label: 'Quit', role: 'quit' },
        ]),
      );
    rebuildMenu();
    globalShortcut.register('CommandOrControl+Shift+H', toggleOverlay);

    // Silent staged updates IT controls (updates.ts): off by policy, IT's feed, pinned channel;
    // downloaded in the background, installed on quit.
    void core
      .request('settings.get', {})
      .then((settings) => {
        const policy = loadPolicy(undefined, { appDir: path.dirname(app.getPath('exe')) }).policy ?? undefined;
        const plan = updaterPlan({ isPackaged: app.isPackaged, env: process.env, policy, settings: settings as Settings });
        return applyUpdaterPlan(autoUpdater, plan) ? autoUpdater.checkForUpdates() : null;
      })
      .catch(() => undefined);
  });

  app.on('activate', showMain);
  app.on('window-all-closed', () => {
    // The tray keeps the app alive during a call; quitting is explicit.
  });
  app.on('will-quit', () => {
    globalShortcut.unregisterAll();
    core.stop();
    tray?.destroy();
  });
}

/** Errors cross ipcMain.handle as plain Error messages; encode the IpcError as JSON. */
function ipcError(err: IpcError): Error {
  return new Error(JSON.stringify({ code: err.code, message: err.message, ...(err.notice ? { notice: err.notice } : {}) }));
}
