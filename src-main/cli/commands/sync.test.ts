import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { runCli } from '../program';
import { commandModules } from './index';
import { startServerProcess, type ServerProcess } from '../../../sync-server/test-support/server-process';
import { newEnrollmentToken, seedTenants } from '../../../sync-server/test-support/fixture';

let srv: ServerProcess;
beforeAll(async () => {
  srv = await startServerProcess();
  await seedTenants({ url: srv.url, dataDir: srv.dataDir }, ['clico']);
}, 180_000); // real servers (and PostgreSQL) start here; slow on a loaded CI box
afterAll(async () => {
  await srv?.kill();
});

/** Runs the real CLI program in-process and captures stdout/stderr. */
async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((c) => ((out += String(c)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((c) => ((err += String(c)), true));
  try {
    return { code: await runCli(args, commandModules), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

it('salesedge sync enrolls once, then runs one round per call', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sync-cli-'));
  const token = await newEnrollmentToken(srv, 'clico', 'rep@clico.test');
  const first = await cli(['--data-dir', dataDir, '--json', 'sync', '--server', srv.url, '--enroll', token]);
  expect(first.err).toBe('');
  expect(first.code).toBe(0);
  const lines = first.out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(lines[0]).toMatchObject({ event: 'enrolled', tenant: 'clico', user: 'rep@clico.test' });
  expect(lines[1]).toMatchObject({ event: 'synced', pending: 0 });
  const again = await cli(['--data-dir', dataDir, '--json', 'sync']);
  expect(again.code).toBe(0);
  expect(JSON.parse(again.out)).toMatchObject({ event: 'synced', pushed: 0 });
});

it('fails with one clear line when not enrolled or the token is bad', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sync-cli-'));
  const none = await cli(['--data-dir', dataDir, 'sync']);
  expect(none.code).toBe(1);
  expect(none.err).toBe('salesedge: this device is not enrolled: run salesedge sync --server URL --enroll TOKEN\n');
  const bad = await cli(['--data-dir', dataDir, 'sync', '--server', srv.url, '--enroll', 'enr_wrong-token']);
  expect(bad.code).toBe(1);
  expect(bad.err).toBe('salesedge: sync server: enrollment token is unknown, used up or expired\n');
});
