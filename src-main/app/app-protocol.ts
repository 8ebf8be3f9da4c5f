/**
 * The packaged renderer is served from `app://salesedge/` (a privileged, standard, secure
 * scheme) instead of `file://`: under file:// Chromium gives every local file the same opaque
 * origin, so 'self' in the CSP would not mean "our pages", and response headers (the CSP
 * header) do not exist. Here every response carries the CSP header, and only files inside the
 * renderer folder are served. The resolving is pure (tested in Node); index.ts registers it.
 */
import path from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'salesedge';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** Content-Security-Policy for every window: our own scripts and styles only, no remote code. */
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // MUI (emotion) injects <style> tags at run time.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

/** The file an app:// URL names inside `root`, with its content type; null for anything else (another host, a path out of root, an unknown type). */
export function resolveAppAsset(root: string, url: string): { file: string; type: string } | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return null;
  let rel: string;
  try {
    rel = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  if (rel.includes('\0')) return null;
  if (rel === '/' || rel === '') rel = '/index.html';
  const base = path.resolve(root);
  const file = path.resolve(base, `.${path.posix.normalize(rel)}`);
  if (file !== base && !file.startsWith(base + path.sep)) return null;
  const type = TYPES[path.extname(file).toLowerCase()];
  return type ? { file, type } : null;
}
