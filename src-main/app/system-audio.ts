/**
 * System audio (the customer) captured by Electron where the OS allows it, streamed to the core's
 * push source (src-main/core/audio/push-source.ts). It cannot run in CI (no Electron binary), so
 * it is kept small, typed and honest about platforms:
 *
 * - Windows: `getDisplayMedia` + `setDisplayMediaRequestHandler({ audio: 'loopback' })` gives the
 *   WASAPI loopback of the default output. Works.
 * - macOS 13-14: the same call uses ScreenCaptureKit audio (Chromium default). macOS 15+: needs the
 *   `MacSckSystemAudioLoopbackOverride` feature (enableMacLoopback(), before app ready), the
 *   screen-recording permission, and `NSAudioCaptureUsageDescription` in Info.plist (electron-builder
 *   `mac.extendInfo`). Electron issue #52738 reports silent tracks with a custom picker on macOS 26:
 *   untested here; fall back to a loopback device (BlackHole) picked in Settings.
 * - Linux: not through Electron; the PulseAudio/PipeWire "Monitor of ..." input is captured by the
 *   core with naudiodon (Settings > Audio > System audio).
 *
 * The capture page is a hidden window on its own session partition (the app's default session
 * denies every permission); it has no preload: main pulls PCM from it every 100 ms.
 */
import os from 'node:os';
import { app, BrowserWindow, desktopCapturer, session } from 'electron';
import { oneLine } from '../../src-shared/errors';

type LoopbackChunk = { samples: Float32Array; sampleRate: number };
type LoopbackStatus = { kind: 'started' | 'stopped' | 'error'; message: string };
/** The message main forwards to the core host for each chunk (core side: pushSource.push('system', ...)). */
export type LoopbackMessage = { kind: 'loopback-audio'; samples: Float32Array; sampleRate: number };

type LoopbackSupport = { supported: boolean; reason: string | null };

/** Whether this OS can give system audio to Electron (Darwin 22 = macOS 13). */
function systemAudioSupport(platform: NodeJS.Platform = process.platform, release: string = os.release()): LoopbackSupport {
  if (platform === 'win32') return { supported: true, reason: null };
  if (platform === 'darwin') {
    const darwin = Number(release.split('.')[0]);
    return darwin >= 22 ? { supported: true, reason: null } : { supported: false, reason: 'system audio capture needs macOS 13 or later; use a loopback device such as BlackHole' };
  }
  return { supported: false, reason: 'on Linux choose the "Monitor of ..." input as System audio in Settings' };
}

/** macOS 15+ only turns ScreenCaptureKit loopback on behind this Chromium feature; call before app ready. */
export function enableMacLoopback(): void {
  if (process.platform !== 'darwin') return;
  app.commandLine.appendSwitch('enable-features', 'MacSckSystemAudioLoopbackOverride');
}

const PARTITION = 'salesedge-loopback';

// Runs inside the hidden page: display capture with loopback audio -> AudioWorklet -> chunks kept for main.
const PAGE_SCRIPT = `(async () => {
  const stream = await navigator.mediaDevices.getDisplayMedia({ audio: true, video: true });
  stream.getVideoTracks().forEach((t) => t.stop());
  const track = stream.getAudioTracks()[0];
  if (!track) throw new Error('the OS gave no system audio track');
  const ctx = new AudioContext();
  const worklet = "registerProcessor('tap', class extends AudioWorkletProcessor { process(inputs) { const c = inputs[0] && inputs[0][0]; if (c) this.port.postMessage(c.slice(0)); return true; } });";
  await ctx.audioWorklet.addModule(URL.createObjectURL(new Blob([worklet], { type: 'text/javascript' })));
  const node = new AudioWorkletNode(ctx, 'tap');
  const chunks = [];
  node.port.onmessage = (e) => chunks.push(e.data);
  ctx.createMediaStreamSource(stream).connect(node);
  let ended = false;
  track.onended = () => { ended = true; };
  window.__salesedgeDrain = () => ({ sampleRate: ctx.sampleRate, chunks: chunks.splice(0), ended });
  return track.label;
})()`;

type Drained = { sampleRate: number; chunks: Float32Array[]; ended: boolean } | null;

export async function startSystemAudioCapture(handlers: { onChunk(chunk: LoopbackChunk): void; onStatus(status: LoopbackStatus): void }): Promise<{ stop(): Promise<void> }> {
  const support = systemAudioSupport();
  if (!support.supported) throw new Error(`system audio capture is not available: ${support.reason}`);
  const ses = session.fromPartition(PARTITION);
  const win = new BrowserWindow({ show: false, width: 200, height: 100, webPreferences: { session: ses, sandbox: true, contextIsolation: true, backgroundThrottling: false } });
  const ownPage = (wc: Electron.WebContents | null) => wc?.id === win.webContents.id;
  ses.setPermissionRequestHandler((wc, permission, allow) => allow(ownPage(wc) && (permission === 'media' || permission === 'display-capture')));
  ses.setDisplayMediaRequestHandler(
    (request, callback) => {
      if (request.frame?.processId !== win.webContents.getProcessId()) return callback({});
      void desktopCapturer.getSources({ types: ['screen'] }).then((sources) => callback(sources[0] ? { video: sources[0], audio: 'loopback' } : {}));
    },
    { useSystemPicker: false },
  );
  await win.loadURL('data:text/html,<!doctype html><title>SalesEdge system audio</title>');
  try {
    const label = (await win.webContents.executeJavaScript(PAGE_SCRIPT, true)) as string;
    handlers.onStatus({ kind: 'started', message: `capturing system audio (${label})` });
  } catch (err) {
    win.destroy();
    throw new Error(`system audio capture failed: ${oneLine(err)}`);
  }
  let stopped = false;
  const timer = setInterval(() => {
    if (stopped || win.isDestroyed()) return;
    win.webContents
      .executeJavaScript('window.__salesedgeDrain && window.__salesedgeDrain()')
      .then((d: Drained) => {
        if (!d) return;
        for (const c of d.chunks) handlers.onChunk({ samples: c, sampleRate: d.sampleRate });
        if (d.ended && !stopped) {
          stopped = true;
          handlers.onStatus({ kind: 'stopped', message: 'the OS stopped system audio capture' });
        }
      })
      .catch((err: Error) => handlers.onStatus({ kind: 'error', message: err.message.split('\n')[0] ?? 'capture error' }));
  }, 100);
  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      if (!win.isDestroyed()) win.destroy();
      ses.setDisplayMediaRequestHandler(null);
    },
  };
}
