import os from 'node:os';
import path from 'node:path';

const APP_NAME = 'SalesEdge Copilot';

/**
 * The per-user data folder. It matches Electron's `app.getPath('userData')` for an app named
 * APP_NAME, so the CLI and the desktop app share one database by default.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.SALESEDGE_DATA_DIR) return env.SALESEDGE_DATA_DIR;
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_NAME);
}
