import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import type { Browser, Page } from '@playwright/test';
import type { Store } from '../src-main/core/store/db';
import { openBeside } from '../src-main/core/store/open-beside';

export type UiProcess = { url: string; port: number; dataDir: string; child: ChildProcess; stop(): Promise<void> };

const repoRoot = path.resolve(__dirname, '..');

/**
 * Runs `fn` on the store of a running core's data folder, opened beside it (WAL makes that
 * safe), then closes it: for specs that arrange rows or read what the core wrote. Every
 * query goes through the store's modules or query.ts, as in the core.
 */
export function withCoreStore<T>(dataDir: string, fn: (store: Store) => T, options: { readonly?: boolean } = {}): T {
  const store = openBeside(path.join(dataDir, 'salesedge.db'), options);
  try {
    return fn(store);
  } finally {
    store.close();
  }
}

/** Runs the real `salesedge serve-ui` (the built CLI) on a fresh temp data dir. */
export async function startServeUi(options: { dataDir?: string; args?: string[]; env?: NodeJS.ProcessEnv } = {}): Promise<UiProcess> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'salesedge-e2e-'));
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin/salesedge.js'), '--data-dir', dataDir, '--json', 'serve-ui', ...(options.args ?? [])], {
    cwd: repoRoot,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += String(d)));
  const lines = readline.createInterface({ input: child.stdout! });
  const listening = await new Promise<{ url: string; port: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve-ui did not start: ${stderr}`)), 30_000);
    child.once('exit', (code) => reject(new Error(`serve-ui exited ${code}: ${stderr}`)));
    lines.on('line', (line) => {
      try {
        const msg = JSON.parse(line) as { event?: string; url: string; port: number };
        if (msg.event === 'listening') {
          clearTimeout(timer);
          resolve(msg);
        }
      } catch {
        // not JSON
      }
    });
  });
  return {
    ...listening,
    dataDir,
    child,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export const screenshotPath = (name: string): string => path.join(repoRoot, 'e2e', 'screenshots', `${name}.png`);

/** A new browser context in this UI language and São Paulo's time zone, at `url`; close() ends the context. */
export async function openAt(browser: Browser, url: string, locale: 'pt-BR' | 'en-US'): Promise<{ page: Page; close(): Promise<void> }> {
  const context = await browser.newContext({ locale, timezoneId: 'America/Sao_Paulo' });
  const page = await context.newPage();
  await page.goto(url);
  return { page, close: () => context.close() };
}

/** A full-page screenshot from the top (the app bar is fixed: taken scrolled, it would sit mid-page). */
export async function fullPageShot(page: Page, name: string): Promise<void> {
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: screenshotPath(name), fullPage: true });
}
