import fs from 'node:fs';
import path from 'node:path';
import { app, utilityProcess, type UtilityProcess } from 'electron';
import { WireMessage, type IpcError } from '../../src-shared/ipc';
import { coreSecretsEnv, llmKeyEnv } from './secrets';
import { loadPolicy } from '../core/policy/policy';

type Pending = { resolve: (v: unknown) => void; reject: (e: IpcError) => void };

/**
 * Main-process side of the core: forks core-host.js as a utilityProcess and correlates
 * requests with responses. If the core crashes it is restarted and pending calls fail with
 * a one-line error instead of hanging.
 */
export class CoreProcess {
  private child: UtilityProcess | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(
    private readonly dataDir: string,
    private readonly onEvent: (event: string, payload: unknown) => void,
  ) {}

  start(): void {
    const child = utilityProcess.fork(path.join(__dirname, 'core-host.js'), ['--data-dir', this.dataDir], {
      serviceName: 'SalesEdge core',
      stdio: 'inherit',
      // The LLM key and the key of the core's secrets file are decrypted from safeStorage here
      // and handed to the core's environment only (it removes the latter once read).
      env: { ...process.env, ...electronNativeEnv(), ...llmKeyEnv(), ...coreSecretsEnv(loadPolicy(undefined, { appDir: path.dirname(app.getPath('exe')) }).policy) },
    });
    child.on('message', (data: unknown) => {
      const msg = WireMessage.safeParse(data);
      if (!msg.success) return;
      if (msg.data.kind === 'event') this.onEvent(msg.data.event, msg.data.payload);
      if (msg.data.kind === 'response') {
        const p = this.pending.get(msg.data.id);
        this.pending.delete(msg.data.id);
        if (msg.data.ok) p?.resolve(msg.data.result);
        else p?.reject(msg.data.error);
      }
    });
    child.on('exit', (code) => {
      for (const p of this.pending.values()) p.reject({ code: 'unavailable', message: `the core stopped (exit ${code}); restarting` });
      this.pending.clear();
      if (this.child === child && code !== 0) setTimeout(() => this.start(), 1000);
    });
    this.child = child;
  }

  request(channel: string, payload: unknown): Promise<unknown> {
    const child = this.child;
    if (!child) return Promise.reject({ code: 'unavailable', message: 'the core is not running' } satisfies IpcError);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      child.postMessage({ kind: 'request', id, channel, payload } satisfies WireMessage);
    });
  }

  /** Messages outside the request/response protocol (system-audio chunks). */
  post(message: unknown): void {
    this.child?.postMessage(message);
  }

  stop(): void {
    const child = this.child;
    this.child = undefined;
    child?.kill();
  }
}

/**
 * Unpackaged runs (`npm start`) load native addons rebuilt for Electron from .electron-native/
 * (scripts/rebuild-electron-native.mjs); packaged apps carry Electron builds already.
 */
function electronNativeEnv(): Record<string, string> {
  if (app.isPackaged) return {};
  const dir = path.join(app.getAppPath(), '.electron-native');
  return fs.existsSync(path.join(dir, 'manifest.json')) ? { SALESEDGE_NATIVE_DIR: dir } : {};
}
