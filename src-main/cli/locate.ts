import fs from 'node:fs';
import path from 'node:path';

/**
 * Finds the built renderer: next to the bundled CLI (out/main → out/renderer) or, when run
 * from source by tests, in the repo's out/renderer.
 */
export function rendererDir(): string {
  const candidates = [path.join(__dirname, '../renderer'), path.resolve(__dirname, '../../out/renderer'), path.resolve(process.cwd(), 'out/renderer')];
  return candidates.find((dir) => fs.existsSync(path.join(dir, 'index.html'))) ?? candidates[0]!;
}
