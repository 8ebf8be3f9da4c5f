import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..');

/** A fresh temp folder, removed by the caller's afterEach/afterAll via the returned cleanup. */
export function tempDir(prefix = 'salesedge-test-'): { dir: string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** A file with `text` in a fresh temp folder (a CSV export, say), removed by the returned cleanup. */
export function tempFile(name: string, text: string): { file: string; cleanup(): void } {
  const t = tempDir();
  const file = path.join(t.dir, name);
  fs.writeFileSync(file, text);
  return { file, cleanup: t.cleanup };
}
