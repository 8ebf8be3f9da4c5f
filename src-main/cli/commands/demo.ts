import path from 'node:path';
import { spawn } from 'node:child_process';
import { InvalidArgumentError } from 'commander';
import type { CommandModule } from '../program';
import { startUiServer } from '../../core/transport/ws-server';
import { createDispatcher } from '../../core/api/dispatch';
import { handlers } from '../../core/api/handlers';
import { rendererDir } from '../locate';
import { parsePort } from './serve-ui';
import { startEmbeddedSyncServer, type EmbeddedSyncServer } from '../../../sync-server/embedded';
import type { Core } from '../../core/core';
import { clearState, readState } from '../../core/store/sync-state';
import { updateSettings } from '../../core/settings/settings-store';
import { isLockedPath } from '../../../src-shared/policy';
import { defaultDataDir } from '../../core/paths';
import { readSyncSnapshot, restoreSyncSnapshot, type SyncSnapshotRows } from '../../core/store/sync-snapshot';

const parseLanguage = (v: string): 'pt' | 'en' => {
  if (v !== 'pt' && v !== 'en') throw new InvalidArgumentError('must be pt or en');
  return v;
};

export const demoCommand: CommandModule = (program, ctx) => {
  program
    .command('demo')
    .description('replay the bundled sample call through the whole live path into the UI (open the printed URL)')
    .option('--language <lang>', 'which sample call: pt or en', parseLanguage, 'en')
    .option('--port <n>', 'port to listen on (0 = random)', parsePort, 0)
    .option('--open', 'open the UI in the default browser', false)
    .option('--once', 'play the call once and exit (default: repeat until Ctrl+C)', false)
    .option('--delay <ms>', 'wait before each playback, so the browser can connect', (v) => Number(v), 3000)
    .option('--no-sync', 'do not start the embedded local sync server')
    .action(async (opts: { language: 'pt' | 'en'; port: number; open: boolean; once: boolean; delay: number; sync: boolean }) => {
      const core = ctx.openCore();
      const json = ctx.globals().json;
      const dataDir = path.resolve(core.dataDir);
      // Ctrl+C (or SIGTERM) ends the current call cleanly: what was recorded so far is kept.
      let stopped = false;
      let onSignal = () => {};
      const stop = new Promise<void>((resolve) => {
        onSignal = () => {
          stopped = true;
          resolve();
        };
      });
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      const sync = opts.sync ? await startDemoSync(core, (line) => (json ? ctx.printJson({ event: 'sync-skipped', reason: line }) : process.stderr.write(`salesedge: ${line}\n`))) : null;
      try {
        if (sync && json) ctx.printJson({ event: 'sync-server', url: sync.server.url, tenant: sync.server.tenant });
        const server = await startUiServer({ core, dispatch: createDispatcher(core, handlers), rendererDir: rendererDir(), port: opts.port });
        try {
          if (json) ctx.printJson({ event: 'listening', url: server.url, port: server.port });
          else process.stdout.write(`SalesEdge demo: ${server.url}\nOpen it to watch the sample call (${opts.language}) with live hints. (data: ${dataDir}; Ctrl+C to stop)\n`);
          if (opts.open) openInBrowser(server.url);
          const live = core.live;
          const pause = (ms: number) => Promise.race([new Promise((r) => setTimeout(r, ms)), stop]);
          const showCmd = (id: string) => `salesedge ${ctx.globals().dataDir === defaultDataDir() ? '' : `--data-dir ${JSON.stringify(dataDir)} `}calls show ${id}`;
          do {
            await pause(opts.delay);
            if (stopped) break;
            const { callId } = await live.start({ source: { kind: 'demo', language: opts.language } });
            if (json) ctx.printJson({ event: 'call', callId, language: opts.language });
            else process.stdout.write(`playing the sample call as ${callId}\n`);
            await Promise.race([live.whenIdle(), stop]);
            if (stopped) await live.stop();
            const snap = live.snapshot();
            const title = snap.state.title;
            if (json) ctx.printJson({ event: 'ended', callId, title, dataDir, stopped, state: snap.state.state, hints: snap.hints.map((h) => ({ trigger: h.trigger, latencyMs: h.latencyMs })) });
            else if (stopped) process.stdout.write(`stopped: the call so far is saved as ${callId} ("${title}", ${snap.hints.length} hints, in ${dataDir}); see it with: ${showCmd(callId)} (or Calls in the UI)\n`);
            else process.stdout.write(`recorded: "${title}" as ${callId} (${snap.hints.length} hints, in ${dataDir}); see it with: ${showCmd(callId)} (or Calls in the UI)\n`);
            if (sync) {
              // Push the call's insight now rather than at the next scheduled round.
              const status = await core.sync.syncNow();
              if (json) ctx.printJson({ event: 'synced', pending: status.pending, lastError: status.lastError });
            }
          } while (!opts.once && !stopped);
          await live.stop();
          if (stopped && json) ctx.printJson({ event: 'stopped' });
        } finally {
          await server.close();
        }
      } finally {
        await core.sync.stop();
        await sync?.close();
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });
};

function openInBrowser(url: string): void {
  const [cmd, args] = process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : process.platform === 'darwin' ? ['open', [url]] : ['xdg-open', [url]];
  const child = spawn(cmd as string, args as string[], { detached: true, stdio: 'ignore' });
  child.on('error', () => process.stderr.write(`salesedge: could not open a browser; open ${url} yourself\n`));
  child.unref();
}

/** How the demo found the data dir's sync, to put back when it ends. */
type SyncSnapshot = SyncSnapshotRows & { settings: { enabled: boolean; serverUrl: string } };

/** What an earlier demo (killed before it could restore) left: an enrolment with its own loopback server. */
const isDemoEnrolment = (creds: { serverUrl: string; tenant: { slug: string }; user: { email: string } } | undefined): boolean => {
  if (!creds || creds.tenant.slug !== 'demo' || creds.user.email !== DEMO_EMAIL) return false;
  try {
    return new URL(creds.serverUrl).hostname === '127.0.0.1';
  } catch {
    return false;
  }
};

const DEMO_EMAIL = 'rep@demo.example';

/**
 * The demo's embedded sync server (SQLite under the data dir): this device enrolls with it for
 * the demo only, so each demo call's insight is pushed and Settings → Sync shows a real server.
 * The data dir's sync (enrolment, cursor, outbox, sync settings) is saved first and put back by
 * close(), on Ctrl+C too, so the user is never left enrolled with a server that is gone. A data
 * dir enrolled with a real server is left alone: no embedded server, the caller is told why.
 */
export async function startDemoSync(core: Core, say: (line: string) => void): Promise<{ server: EmbeddedSyncServer; close(): Promise<void> } | null> {
  // IT manages this device's sync: the demo neither enrolls elsewhere nor turns sync on.
  const managed = ['sync.enabled', 'sync.serverUrl'].filter((p) => isLockedPath(core.lockedSettings, p));
  if (managed.length) {
    say(`sync is managed by your organisation (${managed.join(', ')}); the demo runs without its own sync server`);
    return null;
  }
  const store = core.store;
  const creds = readState(store, 'credentials');
  if (creds && !isDemoEnrolment(creds)) {
    say(`this data folder is enrolled with ${creds.serverUrl}; the demo leaves that alone and runs without its own sync server`);
    return null;
  }
  const before = core.settings().sync;
  const snapshot: SyncSnapshot = creds
    ? // Left by an earlier demo that could not restore: what it found is unknown, so put back "not enrolled".
      { state: [], outbox: [], settings: before.serverUrl === creds.serverUrl ? { enabled: false, serverUrl: '' } : { ...before } }
    : { ...readSyncSnapshot(core.store), settings: { ...before } };
  const server = await startEmbeddedSyncServer({ dataDir: path.join(core.dataDir, 'demo-sync-server'), email: DEMO_EMAIL });
  const runtime = core.sync;
  const setSync = (sync: { enabled: boolean; serverUrl: string }) => {
    const settings = core.settings();
    if (settings.sync.enabled !== sync.enabled || settings.sync.serverUrl !== sync.serverUrl) {
      core.events.emit('settings.changed', updateSettings(core.store, { sync }, core.lockedSettings));
    }
  };
  const restore = async () => {
    await runtime.stop();
    // The state as it was; ops queued before the demo that it pushed to its own server are queued again for the real one.
    restoreSyncSnapshot(core.store, snapshot);
    setSync(snapshot.settings);
  };
  try {
    clearState(store);
    await runtime.enroll({ serverUrl: server.url, enrollmentToken: server.enrollmentToken });
    setSync({ enabled: true, serverUrl: server.url });
    runtime.startBackground();
  } catch (err) {
    await restore().catch(() => undefined);
    await server.close();
    throw err;
  }
  return {
    server,
    close: async () => {
      try {
        await restore();
      } finally {
        await server.close();
      }
    },
  };
}
