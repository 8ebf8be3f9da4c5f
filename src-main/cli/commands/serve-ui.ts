import path from 'node:path';
import { spawn } from 'node:child_process';
import { InvalidArgumentError } from 'commander';
import type { CommandModule } from '../program';
import { startUiServer } from '../../core/transport/ws-server';
import { createDispatcher } from '../../core/api/dispatch';
import { handlers } from '../../core/api/handlers';
import { rendererDir } from '../locate';

export const parsePort = (value: string): number => {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('must be a port number (0-65535)');
  return port;
};

export const serveUiCommand: CommandModule = (program, ctx) => {
  program
    .command('serve-ui')
    .description('serve the UI on http://127.0.0.1 (random port, per-launch token) for any browser')
    .option('--port <n>', 'port to listen on (0 = random)', parsePort, 0)
    .option('--open', 'open the UI in the default browser', false)
    .action(async (opts: { port: number; open: boolean }) => {
      const core = ctx.openCore();
      // Long-running like the app: background sync runs while the UI is served (when enrolled).
      core.sync.startBackground();
      // Follow-up tasks: tasks.due when one falls due (the badge), failed CRM pushes retried.
      core.tasks.startReminders();
      const server = await startUiServer({ core, dispatch: createDispatcher(core, handlers), rendererDir: rendererDir(), port: opts.port });
      if (ctx.globals().json) ctx.printJson({ event: 'listening', url: server.url, port: server.port });
      else process.stdout.write(`SalesEdge UI: ${server.url}\n(data: ${path.resolve(core.dataDir)}; Ctrl+C to stop)\n`);
      if (opts.open) openInBrowser(server.url);
      await new Promise<void>((resolve) => {
        const stop = () => void server.close().then(resolve);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
};

function openInBrowser(url: string): void {
  const [cmd, args] =
    process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : process.platform === 'darwin' ? ['open', [url]] : ['xdg-open', [url]];
  const child = spawn(cmd, args as string[], { detached: true, stdio: 'ignore' });
  child.on('error', () => process.stderr.write(`salesedge: could not open a browser; open ${url} yourself\n`));
  child.unref();
}
