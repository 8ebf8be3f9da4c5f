/**
 * Entry of the Electron utilityProcess that runs the core (audio, ASR, NLP, store, sync) off
 * the main and renderer processes. It speaks WireMessage over process.parentPort: requests
 * in (already validated by main), responses and core events out.
 */
import path from 'node:path';
import { WireMessage } from '../../src-shared/ipc';
import { createCore } from '../core/core';
import { appSecretsProtection } from '../core/store/secrets';
import { createDispatcher } from '../core/api/dispatch';
import { handlers } from '../core/api/handlers';
import type { LoopbackMessage } from './system-audio';

const argIndex = process.argv.indexOf('--data-dir');
const dataDir = argIndex >= 0 ? process.argv[argIndex + 1] : undefined;
const port = process.parentPort;
if (!dataDir || !port) {
  process.stderr.write('core-host: must be started by the SalesEdge app with --data-dir\n');
  process.exit(2);
}

// The utilityProcess runs the app's own executable: IT's policy.json may sit beside it (Windows).
const core = createCore({ dataDir, transport: 'electron', appDir: path.dirname(process.execPath), secrets: appSecretsProtection() });
const dispatch = createDispatcher(core, handlers);
// Background sync starts with the app when the device is enrolled; it never blocks the live path.
core.sync.startBackground();
// Follow-up tasks: tasks.due when one falls due (the main process notifies), failed CRM pushes retried.
core.tasks.startReminders();
core.events.onAny((event, payload) => port.postMessage({ kind: 'event', event, payload } satisfies WireMessage));

port.on('message', async (e: Electron.MessageEvent) => {
  // System audio captured by the app (Windows loopback, macOS screen-capture audio).
  const raw = e.data as Partial<LoopbackMessage> | undefined;
  if (raw?.kind === 'loopback-audio' && raw.samples instanceof Float32Array && typeof raw.sampleRate === 'number') {
    await core.loopback.push(raw.samples, raw.sampleRate);
    return;
  }
  const parsed = WireMessage.safeParse(e.data);
  if (!parsed.success || parsed.data.kind !== 'request') return;
  const { id, channel, payload } = parsed.data;
  const outcome = await dispatch(channel, payload);
  port.postMessage((outcome.ok ? { kind: 'response', id, ok: true, result: outcome.result } : { kind: 'response', id, ok: false, error: outcome.error }) satisfies WireMessage);
});

process.on('SIGTERM', () => void core.close().finally(() => process.exit(0)));
