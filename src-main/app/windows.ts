import path from 'node:path';
import { BrowserWindow, screen } from 'electron';

const preload = (): string => path.join(__dirname, '../preload/index.js');

const secureWebPreferences = (): Electron.WebPreferences => ({
  preload: preload(),
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  webSecurity: true,
  spellcheck: false,
});

/**
 * The main window shows transcripts and calls: like the overlay it is hidden from screen
 * sharing and capture while `protect` (settings privacy.screenCaptureProtection, on by default,
 * lockable by policy) is on.
 */
export function createMainWindow(rendererUrl: string, protect: boolean): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'SalesEdge Copilot',
    webPreferences: secureWebPreferences(),
  });
  win.setContentProtection(protect);
  win.once('ready-to-show', () => win.show());
  void win.loadURL(rendererUrl);
  return win;
}

/**
 * The live-hint overlay: frameless, transparent, above every window (also full-screen call
 * apps), hidden from screen sharing with setContentProtection so the customer never sees it.
 */
export function createOverlayWindow(rendererUrl: string, clickThrough: boolean, protect: boolean): BrowserWindow {
  const { workArea } = screen.getPrimaryDisplay();
  const width = 380;
  const win = new BrowserWindow({
    width,
    height: 420,
    x: workArea.x + workArea.width - width - 16,
    y: workArea.y + 16,
    frame: false,
    transparent: true,
    resizable: true,
    skipTaskbar: true,
    focusable: true,
    show: false,
    hasShadow: false,
    alwaysOnTop: true,
    title: 'SalesEdge Overlay',
    webPreferences: secureWebPreferences(),
  });
  win.setAlwaysOnTop(true, 'screen-saver');
  win.setVisibleOnAllWorkspaces(true, { visibleOnFullScreen: true });
  win.setContentProtection(protect);
  setClickThrough(win, clickThrough);
  void win.loadURL(`${rendererUrl}#/overlay`);
  win.once('ready-to-show', () => win.showInactive());
  return win;
}

/** Click-through lets the rep keep using the call app under the overlay. */
export function setClickThrough(win: BrowserWindow, enabled: boolean): void {
  win.setIgnoreMouseEvents(enabled, { forward: true });
}
