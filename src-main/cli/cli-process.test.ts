// The built `salesedge` command run as a user would run it (node bin/salesedge.js, a real
// process): a reader that closes stdout early, and databases the user cannot write.
//
// Read-only folders and files are real: chmod plus an unprivileged user. Root ignores file
// modes, so when the tests run as root the command is started as `nobody` with setpriv; the
// open then fails with the kernel's own EACCES, exactly as it does for a user on a read-only
// folder. Needs `npm run build` first (npm test builds before the unit tests).
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openStore, DB_FILE_NAME } from '../core/store/db';
import { seedCall } from '../core/calls/seed-calls';
import { enCall } from '../core/calls/sample-calls';
import { repoRoot, tempDir } from '../../test/helpers';
import { transaction } from '../core/store/query';

const bin = path.join(repoRoot, 'bin', 'salesedge.js');
const isRoot = process.getuid?.() === 0;
const NOBODY = 65534;

/** argv to run the CLI as a user that file modes apply to. */
const asUser = (args: string[]): [string, string[]] =>
  isRoot ? ['setpriv', [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', process.execPath, bin, ...args]] : [process.execPath, [bin, ...args]];

function run(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const [cmd, argv] = asUser(args);
  const r = spawnSync(cmd, argv, { encoding: 'utf8', env: { ...process.env, SALESEDGE_LOG: 'warn' } });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

/** A data folder with a valid database holding `n` calls; readable by everyone. */
function dataDir(n = 1, title = 'Globex — pricing'): { dir: string; ids: string[] } {
  const t = tempDir();
  fs.chmodSync(t.dir, 0o755);
  const dir = path.join(t.dir, 'data');
  cleanups.push(() => {
    if (fs.existsSync(dir)) fs.chmodSync(dir, 0o755);
    t.cleanup();
  });
  const store = openStore(dir);
  const ids: string[] = [];
  transaction(store, () => {
    for (let i = 0; i < n; i++) ids.push(seedCall(store, enCall({ title: `${title} ${i}` })));
  });
  store.close();
  fs.chmodSync(path.join(dir, DB_FILE_NAME), 0o644);
  return { dir, ids };
}

beforeAll(() => {
  if (!fs.existsSync(path.join(repoRoot, 'out', 'main', 'cli.js'))) throw new Error('the CLI is not built: run npm run build first');
  if (isRoot && spawnSync('setpriv', ['--version']).error) throw new Error('running as root: setpriv (util-linux) is needed to run the CLI as an unprivileged user');
});

describe('salesedge with a closed stdout', () => {
  it('calls list --json | head -1 ends quietly with status 0', async () => {
    // Enough output to fill the pipe, so the command is still writing when the reader leaves.
    const { dir } = dataDir(150, 'x'.repeat(2000));
    const child = spawn(process.execPath, [bin, '--data-dir', dir, '--json', 'calls', 'list', '--limit', '10000'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('\n')) child.stdout.destroy();
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(JSON.parse(out.split('\n')[0]!).title).toMatch(/^x+ \d+$/);
    expect(err).toBe('');
    expect(code).toBe(0);
  });
});

describe('salesedge on a database it cannot write', () => {
  const siblings = (dir: string) => fs.readdirSync(dir).sort();

  it('calls list/show/export work in a read-only folder, and nothing is created beside the file', () => {
    const { dir, ids } = dataDir(2);
    fs.chmodSync(dir, 0o555);
    const list = run(['--data-dir', dir, '--json', 'calls', 'list']);
    expect(list.stderr).toBe('');
    expect(list.code).toBe(0);
    expect(list.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { id: string }).id).sort()).toEqual([...ids].sort());
    const show = run(['--data-dir', dir, '--json', 'calls', 'show', ids[0]!]);
    expect(show.code).toBe(0);
    expect((JSON.parse(show.stdout) as { call: { id: string } }).call.id).toBe(ids[0]);
    const exp = run(['--data-dir', dir, 'calls', 'export', '--format', 'csv']);
    expect(exp.code).toBe(0);
    expect(exp.stdout.trim().split('\n')).toHaveLength(3);
    expect(siblings(dir)).toEqual([DB_FILE_NAME]);
  });

  it('calls list works on a read-only file in a writable folder, without -wal/-shm', () => {
    const { dir, ids } = dataDir(1);
    fs.chmodSync(path.join(dir, DB_FILE_NAME), 0o444);
    fs.chmodSync(dir, 0o777);
    const list = run(['--data-dir', dir, '--json', 'calls', 'list']);
    expect(list.code).toBe(0);
    expect((JSON.parse(list.stdout) as { id: string }).id).toBe(ids[0]);
    expect(siblings(dir)).toEqual([DB_FILE_NAME]);
  });

  it('a command that writes is refused in one line that says permission, not corrupt, and leaves no -wal/-shm', () => {
    const { dir, ids } = dataDir(1);
    const file = path.join(dir, DB_FILE_NAME);
    fs.chmodSync(file, 0o666);
    fs.chmodSync(dir, 0o555);
    const before = crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
    const del = run(['--data-dir', dir, 'calls', 'delete', ids[0]!]);
    expect(del.code).toBe(1);
    expect(del.stderr).toMatch(new RegExp(`^salesedge: database ${file} cannot be written: its folder ${dir} is read-only \\(permission denied\\);[^\\n]*\\n$`));
    expect(del.stderr).not.toMatch(/corrupt|move it aside/);
    expect(siblings(dir)).toEqual([DB_FILE_NAME]);
    expect(crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex')).toBe(before);

    fs.chmodSync(dir, 0o777);
    fs.chmodSync(file, 0o444);
    const purge = run(['--data-dir', dir, 'calls', 'purge']);
    expect(purge.code).toBe(1);
    expect(purge.stderr).toMatch(/^salesedge: database .+ cannot be written: the file is read-only \(permission denied\);[^\n]*\n$/);
    expect(siblings(dir)).toEqual([DB_FILE_NAME]);
  });

  it('a corrupt file gets a different one-line message, and no -wal/-shm', () => {
    const { dir } = dataDir(1);
    const file = path.join(dir, DB_FILE_NAME);
    fs.writeFileSync(file, crypto.randomBytes(8192));
    fs.chmodSync(file, 0o666);
    fs.chmodSync(dir, 0o777);
    const list = run(['--data-dir', dir, 'calls', 'list']);
    expect(list.code).toBe(1);
    expect(list.stderr).toMatch(/^salesedge: database .+ is corrupt or not a SalesEdge database [^\n]*move it aside[^\n]*\n$/);
    expect(list.stderr).not.toMatch(/permission|read-only/);
    expect(siblings(dir)).toEqual([DB_FILE_NAME]);
  });

  it('a data folder that cannot be made is one line naming it (EACCES and EEXIST from mkdir)', () => {
    const { dir } = dataDir(0);
    fs.chmodSync(dir, 0o555);
    const inside = path.join(dir, 'sub', 'data');
    const denied = run(['--data-dir', inside, 'calls', 'list']);
    expect(denied.code).toBe(1);
    expect(denied.stderr).toBe(`salesedge: cannot create the data folder ${inside}: permission denied\n`);
    const file = path.join(dir, DB_FILE_NAME);
    const exists = run(['--data-dir', file, 'calls', 'list']);
    expect(exists.code).toBe(1);
    expect(exists.stderr).toBe(`salesedge: cannot use ${file} as the data folder: it (or a folder above it) is a file, not a folder\n`);
  });
});

describe('the built salesedge is a production build (issue 16)', () => {
  it('ignores SALESEDGE_POLICY, says so in the log, and reads only the places IT uses', () => {
    const { dir } = dataDir(0);
    const policy = path.join(path.dirname(dir), 'mine.json');
    fs.writeFileSync(policy, JSON.stringify({ version: 1, syncServer: 'https://sync.acme.example' }));
    fs.chmodSync(policy, 0o644);
    fs.chmodSync(dir, 0o777);
    fs.chmodSync(path.join(dir, DB_FILE_NAME), 0o666);
    const [cmd, argv] = asUser(['--data-dir', dir, 'sync', '--server', 'http://127.0.0.1:9', '--enroll', 'enr_12345678']);
    const r = spawnSync(cmd, argv, { encoding: 'utf8', env: { ...process.env, SALESEDGE_LOG: 'warn', SALESEDGE_POLICY: policy } });
    expect(r.status).toBe(1);
    // The user's own policy file is not read: no refusal, the enrolment went on to the (closed) port.
    expect(r.stderr).not.toContain('managed by your organisation');
    expect(r.stderr).toMatch(/^salesedge: cannot reach the sync server at http:\/\/127\.0\.0\.1:9/m);
    expect(r.stderr).toContain('SALESEDGE_POLICY is ignored: only development and test builds read a policy from there');
  });
});
