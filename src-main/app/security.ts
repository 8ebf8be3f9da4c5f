import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { app, net, protocol, session, shell, type WebContents } from 'electron';
import { externalLinkAllowed } from '../../src-shared/links';
import { APP_SCHEME, CSP, resolveAppAsset } from './app-protocol';

/** Is this URL one of our own renderer pages (packaged file or dev server)? */
export function isAppUrl(url: string, rendererUrl: string): boolean {
  try {
    const u = new URL(url);
    const r = new URL(rendererUrl);
    return u.protocol === r.protocol && u.host === r.host && u.pathname === r.pathname;
  } catch {
    return false;
  }
}

/** Before the app is ready: app:// is a standard, secure scheme (its pages get an origin, 'self' means them). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** Serves the packaged renderer folder on app://salesedge/, every response with the CSP header (app-protocol.ts). */
export function serveAppScheme(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const asset = resolveAppAsset(rendererDir, request.url);
    if (!asset || !fs.existsSync(asset.file)) return new Response('not found', { status: 404 });
    const res = await net.fetch(pathToFileURL(asset.file).toString());
    return new Response(res.body, { status: 200, headers: { 'content-type': asset.type, 'content-security-policy': CSP, 'x-content-type-options': 'nosniff' } });
  });
}

/**
 * Locks down navigation, new windows, permissions and headers for every web contents.
 * `linkHosts` asks the core which hosts the content it shows links to (links.hosts).
 */
export function hardenSessions(rendererUrl: string, linkHosts: () => Promise<string[]>): void {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
  // The renderer needs no camera, geolocation, notifications or clipboard reads; audio is captured
  // by the core. Requests are refused, and so are checks (a page asking whether it may).
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  session.defaultSession.setDevicePermissionHandler(() => false);
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url, rendererUrl)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      // A link to a host the shown content links to opens in the user's browser; nothing opens inside the app.
      void linkHosts()
        .then((hosts) => (externalLinkAllowed(url, hosts) ? shell.openExternal(url) : undefined))
        .catch(() => undefined);
      return { action: 'deny' };
    });
  });
}
