/**
 * Where native addons come from. Plain Node (CLI, tests) loads the builds in node_modules.
 * Unpackaged Electron (`npm start`) sets SALESEDGE_NATIVE_DIR to .electron-native/, which holds
 * the same addons rebuilt for Electron's ABI by scripts/rebuild-electron-native.mjs.
 */
import path from 'node:path';

const nativeDir = (): string | undefined => process.env.SALESEDGE_NATIVE_DIR || undefined;

/** The better-sqlite3 `nativeBinding` option: undefined means "the default build". */
export function betterSqliteBinding(): string | undefined {
  const dir = nativeDir();
  return dir ? path.join(dir, 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node') : undefined;
}
