import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CSP, resolveAppAsset } from './app-protocol';

describe('app:// serves the renderer folder and nothing else', () => {
  const root = path.resolve('/opt/SalesEdge/resources/app.asar/out/renderer');
  it('maps our pages and assets to files in the folder, with their types', () => {
    expect(resolveAppAsset(root, 'app://salesedge/index.html')).toEqual({ file: path.join(root, 'index.html'), type: 'text/html; charset=utf-8' });
    expect(resolveAppAsset(root, 'app://salesedge/')).toEqual({ file: path.join(root, 'index.html'), type: 'text/html; charset=utf-8' });
    expect(resolveAppAsset(root, 'app://salesedge/assets/index-abc.js?v=1#/overlay')).toEqual({ file: path.join(root, 'assets/index-abc.js'), type: 'text/javascript; charset=utf-8' });
  });
  it('refuses another host, a path out of the folder (also encoded), NUL and unknown types', () => {
    for (const url of [
      'app://evil/index.html', 'file:///etc/passwd', 'app://salesedge/../../../../etc/passwd', 'app://salesedge/%2e%2e/%2e%2e/secrets.json', 'app://salesedge/assets/%2e%2e%2f%2e%2e%2f%2e%2e%2fmain/index.js.map',
      'app://salesedge/index.html%00.js', 'app://salesedge/salesedge.db', 'app://salesedge/%E0%A4%A', 'not a url',
    ]) {
      // Refused, or (URL parsing resolved the dots first) a file inside the folder.
      const r = resolveAppAsset(root, url);
      if (r) expect(r.file.startsWith(root + path.sep), url).toBe(true);
    }
    // Encoded slashes and dots decode to a path that still cannot climb out of the folder.
    expect(resolveAppAsset(root, 'app://salesedge/assets/%2e%2e%2f%2e%2e%2f%2e%2e%2fmain/index.js')?.file).toBe(path.join(root, 'main/index.js'));
    expect(resolveAppAsset(root, 'app://salesedge/../../../../etc/passwd')).toBeNull();
    expect(resolveAppAsset(root, 'app://salesedge/salesedge.db')).toBeNull();
    expect(resolveAppAsset(root, 'app://evil/index.html')).toBeNull();
  });
});

describe('the CSP holds for the packaged renderer', () => {
  const directives = (csp: string) => new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...values]) => [name!, values]));
  it('allows our own scripts only: no inline or eval, no plugins, no framing, no base or form targets', () => {
    const d = directives(CSP);
    expect(d.get('script-src')).toEqual(["'self'"]);
    expect(d.get('default-src')).toEqual(["'self'"]);
    expect(d.get('object-src')).toEqual(["'none'"]);
    expect(d.get('base-uri')).toEqual(["'none'"]);
    expect(d.get('frame-ancestors')).toEqual(["'none'"]);
    expect(d.get('connect-src')).toEqual(["'self'"]);
  });
  it("the renderer's own meta CSP is no looser, and the built page runs no inline script (so script-src 'self' breaks nothing)", () => {
    const html = fs.readFileSync(path.resolve(__dirname, '../../src-renderer/index.html'), 'utf8');
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBeDefined();
    expect(directives(meta!).get('script-src')).toEqual(["'self'"]);
    expect(directives(meta!).get('object-src')).toEqual(["'none'"]);
    const built = path.resolve(__dirname, '../../out/renderer/index.html');
    expect(fs.existsSync(built), `${built} is missing: npm test builds before the unit tests (or run npm run build)`).toBe(true);
    const page = fs.readFileSync(built, 'utf8');
    const scripts = [...page.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/\bsrc="\.\/assets\/[^"]+\.js"/);
      expect(body!.trim()).toBe('');
    }
    expect(page).not.toMatch(/\son[a-z]+="/); // no inline event handlers
  });
});
