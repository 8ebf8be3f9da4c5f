/** Runs the real sync server (`sync-server/main.ts` under tsx) as a child process on 127.0.0.1. */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './services';

export type ServerProcess = { url: string; port: number; dataDir: string; child: ChildProcess; logs(): string; kill(signal?: NodeJS.Signals): Promise<void>; restart(): Promise<ServerProcess> };

const repoRoot = path.resolve(__dirname, '..', '..');

export async function startServerProcess(options: { dataDir?: string; port?: number; databaseUrl?: string; redisUrl?: string; args?: string[]; env?: Record<string, string> } = {}): Promise<ServerProcess> {
  // A free port can be taken by another test file's server between freePort() and listen: then
  // this child exits with EADDRINUSE, and the other server must not be mistaken for it (it
  // would answer /healthz, and even sign in a same-named fixture user). Try another port.
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'sync-srv-'));
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce({ ...options, dataDir }, options.port ?? (await freePort()));
    } catch (err) {
      if (options.port !== undefined || attempt >= 3 || !(err instanceof Error) || !err.message.includes('EADDRINUSE')) throw err;
    }
  }
}

async function startOnce(options: { dataDir: string; port?: number; databaseUrl?: string; redisUrl?: string; args?: string[]; env?: Record<string, string> }, port: number): Promise<ServerProcess> {
  const dataDir = options.dataDir;
  const env = { ...process.env, DATABASE_URL: options.databaseUrl ?? '', REDIS_URL: options.redisUrl ?? '', SYNC_SERVER_ANNOUNCE: '1', ...options.env };
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'sync-server/main.ts'), '--port', String(port), '--data-dir', dataDir, '--log-level', 'warn', ...(options.args ?? [])], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let logs = '';
  child.stdout!.on('data', (d) => (logs += String(d)));
  child.stderr!.on('data', (d) => (logs += String(d)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`sync server exited ${child.exitCode}: ${logs}`);
    // Healthy only once this child said it listens on that port (else it may be another process).
    if (!logs.includes(`sync-server listening ${url}\n`)) {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`sync server did not start listening: ${logs}`);
      }
      await new Promise((r) => setTimeout(r, 100));
      continue;
    }
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`sync server did not become healthy: ${logs}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const proc: ServerProcess = {
    url,
    port,
    dataDir,
    child,
    logs: () => logs,
    kill: (signal = 'SIGTERM') =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
    restart: async () => {
      await proc.kill('SIGTERM');
      return startServerProcess({ ...options, dataDir, port });
    },
  };
  return proc;
}

/**
 * Several server processes on one PostgreSQL must sign with the same keys: SYNC_SIGNING_KEYS,
 * as a deployment sets it (without it each process makes its own key file in its data folder).
 */
export const sharedSigningKeys = (): Record<string, string> => ({ SYNC_SIGNING_KEYS: `test:${crypto.randomBytes(32).toString('base64url')}` });

/** Runs the admin CLI against a server's database; returns its JSON lines. */
export async function admin(target: { dataDir: string; databaseUrl?: string }, args: string[], extraEnv: Record<string, string> = {}): Promise<Record<string, unknown>[]> {
  const db = target.databaseUrl ? ['--database-url', target.databaseUrl] : ['--data-dir', target.dataDir];
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'sync-server/main.ts'), 'admin', ...db, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DATABASE_URL: '', ...extraEnv } });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += String(d)));
  child.stderr!.on('data', (d) => (err += String(d)));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`admin ${args.join(' ')} failed (${code}): ${err.trim()}`);
  return out.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
}
