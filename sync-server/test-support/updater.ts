/**
 * electron-updater's own updater, run in Node against a real sync server: its generic provider
 * reads the feed, its AppUpdater decides whether there is an update (versions, rollout,
 * downgrade), and builder-util-runtime's download checks the sha512, all unchanged. Only what
 * Electron would provide is stood in for: the app (version, folders) and the HTTP transport
 * (Node's http instead of Electron's net, with the same `doDownload`, which verifies the digest).
 */
import fs from 'node:fs';
import http, { type ClientRequest } from 'node:http';
import path from 'node:path';
import type { RequestOptions } from 'node:https';
import { AppImageUpdater } from 'electron-updater';
import type { AppAdapter } from 'electron-updater/out/AppAdapter';
import { configureRequestOptions, configureRequestUrl, HttpExecutor, type DownloadOptions } from 'builder-util-runtime';

class NodeExecutor extends HttpExecutor<ClientRequest> {
  createRequest(options: RequestOptions, callback: (response: unknown) => void): ClientRequest {
    return http.request(options as http.RequestOptions, callback);
  }
  /** ElectronHttpExecutor.download, with Node's http. */
  download(url: URL, destination: string, options: DownloadOptions): Promise<string> {
    return options.cancellationToken.createPromise<string>((resolve, reject, onCancel) => {
      const requestOptions: RequestOptions = { headers: options.headers || undefined };
      configureRequestUrl(url, requestOptions);
      configureRequestOptions(requestOptions);
      this.doDownload(requestOptions, { destination, options, onCancel, callback: (error) => (error == null ? resolve(destination) : reject(error)), responseHandler: null }, 0);
    });
  }
}

export type TestUpdater = AppImageUpdater & { logs: string[] };

/**
 * A Linux (AppImage) updater of an app at `version`, its per-device staging id `stagingId`, its
 * folders under `dir`, reading `<feedUrl>/<channel>-linux.yml`.
 */
export function nodeUpdater(options: { feedUrl: string; version: string; stagingId: string; dir: string; channel?: string; allowDowngrade?: boolean }): TestUpdater {
  const userData = path.join(options.dir, 'user-data');
  fs.mkdirSync(userData, { recursive: true });
  // electron-updater keeps its per-device staging id here; a fixed one makes the bucket known.
  fs.writeFileSync(path.join(userData, '.updaterId'), options.stagingId);
  const configPath = path.join(options.dir, 'app-update.yml');
  fs.writeFileSync(configPath, `provider: generic\nurl: ${options.feedUrl}\nupdaterCacheDirName: salesedge-updater-test\n`);
  // AppImageUpdater updates the AppImage it runs from.
  process.env.APPIMAGE ??= path.join(options.dir, 'SalesEdge.AppImage');
  const app: AppAdapter = {
    version: options.version,
    name: 'SalesEdge Copilot',
    isPackaged: true,
    appUpdateConfigPath: configPath,
    userDataPath: userData,
    baseCachePath: path.join(options.dir, 'cache'),
    whenReady: () => Promise.resolve(),
    relaunch: () => undefined,
    quit: () => undefined,
    onQuit: () => undefined,
  };
  const updater = new AppImageUpdater(null, app) as TestUpdater;
  // Before the feed is set: the provider takes the transport it is created with.
  (updater as unknown as { httpExecutor: HttpExecutor<ClientRequest> }).httpExecutor = new NodeExecutor();
  updater.setFeedURL({ provider: 'generic', url: options.feedUrl });
  updater.logs = [];
  const log = (level: string) => (m: unknown) => void updater.logs.push(`${level} ${String(m)}`);
  updater.logger = { info: log('info'), warn: log('warn'), error: log('error'), debug: log('debug') };
  updater.autoDownload = false;
  updater.autoInstallOnAppQuit = false;
  updater.disableDifferentialDownload = true;
  if (options.channel) updater.channel = options.channel;
  updater.allowDowngrade = options.allowDowngrade ?? false;
  return updater;
}
