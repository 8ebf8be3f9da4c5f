import path from 'node:path';
import { spawn } from 'node:child_process';
import { InvalidArgumentError } from 'commander';
import type { CommandModule } from '../program';
import { startUiServer } from '../../core/transport/ws-server';
import { createDispatcher } from '../../core/api/dispatch';
import { handlers } from '../../core/api/handlers';
import { defaultLiveDeps } from '../../core/live/default-deps';
import { liveManagerOf } from '../../core/live/live-manager';
import { rendererDir } from '../locate';
import { parsePort } from './serve-ui';
import { startEmbeddedSyncServer, type EmbeddedSyncServer } from '../../../sync-server/embedded';
import { syncRuntime } from '../../core/sync/runtime';
import type { Core } from '../../core/core';

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
      const sync = opts.sync ? await startDemoSync(core) : null;
      if (sync && json) ctx.printJson({ event: 'sync-server', url: sync.url, tenant: sync.tenant });
      const server = await startUiServer({ core, dispatch: createDispatcher(core, handlers), rendererDir: rendererDir(), port: opts.port });
      if (json) ctx.printJson({ event: 'listening', url: server.url, port: server.port });
      else process.stdout.write(`SalesEdge demo: ${server.url}\nOpen it to watch the sample call (${opts.language}) with live hints. (data: ${path.resolve(core.dataDir)}; Ctrl+C to stop)\n`);
      if (opts.open) openInBrowser(server.url);
      const live = liveManagerOf(core, defaultLiveDeps);
      let stopped = false;
      const stop = new Promise<void>((resolve) => {
        const onSignal = () => {
          stopped = true;
          resolve();
        };
        process.once('SIGINT', onSignal);
        process.once('SIGTERM', onSignal);
      });
      const pause = (ms: number) => Promise.race([new Promise((r) => setTimeout(r, ms)), stop]);
      do {
        await pause(opts.delay);
        if (stopped) break;
        const { callId } = await live.start({ source: { kind: 'demo', language: opts.language } });
        if (json) ctx.printJson({ event: 'call', callId, language: opts.language });
        await Promise.race([live.whenIdle(), stop]);
        const snap = live.snapshot();
        if (json) ctx.printJson({ event: 'ended', callId, state: snap.state.state, hints: snap.hints.map((h) => ({ trigger: h.trigger, latencyMs: h.latencyMs })) });
        if (sync) {
          // Push the call's insight now rather than at the next scheduled round.
          const status = await syncRuntime(core).syncNow();
          if (json) ctx.printJson({ event: 'synced', pending: status.pending, lastError: status.lastError });
        }
      } while (!opts.once && !stopped);
      await live.stop();
      await server.close();
      await syncRuntime(core).stop();
      await sync?.close();
    });
};

function openInBrowser(url: string): void {
  const [cmd, args] = process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : process.platform === 'darwin' ? ['open', [url]] : ['xdg-open', [url]];
  const child = spawn(cmd as string, args as string[], { detached: true, stdio: 'ignore' });
  child.on('error', () => process.stderr.write(`salesedge: could not open a browser; open ${url} yourself\n`));
  child.unref();
}

/**
 * The demo's embedded sync server (SQLite under the data dir): this device enrolls with it once,
 * so each demo call's insight is pushed and Settings → Sync shows a real server.
 */
async function startDemoSync(core: Core): Promise<EmbeddedSyncServer> {
  const server = await startEmbeddedSyncServer({ dataDir: path.join(core.dataDir, 'demo-sync-server') });
  const runtime = syncRuntime(core);
  // A previous demo left the device enrolled with a server on another port: enroll again.
  if (runtime.status().serverUrl !== server.url) {
    if (runtime.status().enrolled) await runtime.signOut();
    await runtime.enroll({ serverUrl: server.url, enrollmentToken: server.enrollmentToken });
  }
  const settings = core.settings();
  if (!settings.sync.enabled || settings.sync.serverUrl !== server.url) {
    const { updateSettings } = await import('../../core/settings/settings-store');
    core.events.emit('settings.changed', updateSettings(core.store, { sync: { enabled: true, serverUrl: server.url } }, core.lockedSettings));
  }
  return server;
}
