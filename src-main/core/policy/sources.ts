/**
 * Where IT puts the policy, per OS, and the readers for each place (README: IT policy file):
 * the Windows registry through `reg query … /s`, macOS managed preferences through
 * `plutil -convert xml1` and a plist XML parser, and JSON files. Each reader only turns its
 * store into a plain object; policy.ts validates, merges and fails safe.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import plist from 'plist';

/** What one place holds: nothing, a plain object to validate, or a one-line reason it could not be read. */
export type SourceRead = { kind: 'absent'; detail?: string } | { kind: 'data'; data: unknown; issues?: string[] } | { kind: 'unreadable'; error: string };

export type PolicySource = {
  name: 'registry' | 'managed-preferences' | 'file';
  /** Where, for people: a registry key, a plist path, a file path. */
  location: string;
  /** Typed stores (registry, plist) may write 1/0 for true/false, a number as text, one string for a list. */
  coerce: boolean;
  /** The registry has no format version; a JSON file must say `"version": 1`. */
  impliedVersion: boolean;
  read(): SourceRead;
};

export type Runner = (file: string, args: string[]) => { status: number | null; stdout: string; stderr: string; error?: Error };

const runCommand: Runner = (file, args) => {
  const r = spawnSync(file, args, { encoding: 'utf8', windowsHide: true, timeout: 15_000, maxBuffer: 4 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', error: r.error };
};

const firstLine = (s: string) => s.trim().split(/\r?\n/)[0] ?? '';

// ---------------------------------------------------------------------------------------------
// Windows registry

const REGISTRY_KEY = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\SalesEdge\\Copilot';

/**
 * Parses the text `reg query <key> /s` prints: a line per key (`HKEY_…\path`), under it a line
 * per value, indented four spaces, fields four spaces apart (`name    REG_TYPE    data`). Keys
 * below `root` become nested objects. REG_SZ → string, REG_EXPAND_SZ → string with %VARS%
 * expanded, REG_DWORD/REG_QWORD → number, REG_MULTI_SZ (`a\0b`) → string[]. Other types and
 * lines it does not understand are reported in `issues`, never guessed at.
 */
export function parseRegQuery(text: string, root: string = REGISTRY_KEY, env: NodeJS.ProcessEnv = process.env): { tree: Record<string, unknown>; values: number; issues: string[] } {
  const tree: Record<string, unknown> = {};
  const issues: string[] = [];
  const rootLong = longKey(root).replace(/\\+$/, '');
  let node: Record<string, unknown> | null = null;
  let rel: string[] = [];
  let values = 0;
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.replace(/\s+$/, '');
    if (!line.trim()) continue;
    if (/^HKEY_|^HKLM\\/i.test(line.trimStart())) {
      const keyPath = longKey(line.trim());
      const lower = keyPath.toLowerCase();
      if (lower !== rootLong.toLowerCase() && !lower.startsWith(`${rootLong.toLowerCase()}\\`)) {
        issues.push(`line ${i + 1}: key ${keyPath} is not under ${root}`);
        node = null;
        continue;
      }
      rel = keyPath.slice(rootLong.length).split('\\').filter(Boolean);
      node = tree;
      for (const part of rel) {
        // Registry key names are case-insensitive: \Settings\Sync and \settings\sync are one key.
        const name = Object.keys(node).find((k) => k.toLowerCase() === part.toLowerCase()) ?? part;
        const next = node[name];
        node = (node[name] = next !== null && typeof next === 'object' && !Array.isArray(next) ? next : {}) as Record<string, unknown>;
      }
      continue;
    }
    // "    name    REG_SZ    data" (data may be empty; a name may hold single spaces).
    const m = /^ {4}(.+?) {4}(REG_[A-Z0-9_]+)(?: {4}(.*))?$/.exec(raw.replace(/\r$/, ''));
    if (!m) {
      // reg.exe's own footer ("End of search: N match(es) found.") is the one line it may add.
      if (!/^End of search/i.test(line.trim())) issues.push(`line ${i + 1}: not a reg query line: ${line.trim().slice(0, 80)}`);
      continue;
    }
    if (!node) continue;
    const [, name, type, data = ''] = m as unknown as [string, string, string, string | undefined];
    if (name === '(Default)') continue;
    const value = regValue(type, data, env);
    if (value === undefined) {
      issues.push(`${[...rel, name].join('.')}: registry type ${type} (${data.slice(0, 40)}) is not one this policy uses`);
      continue;
    }
    values += 1;
    node[name] = value;
  }
  return { tree, values, issues };
}

const longKey = (k: string) => k.replace(/^HKLM\\/i, 'HKEY_LOCAL_MACHINE\\');

function regValue(type: string, data: string, env: NodeJS.ProcessEnv): unknown {
  switch (type) {
    case 'REG_SZ':
      return data;
    case 'REG_EXPAND_SZ':
      return data.replace(/%([^%]+)%/g, (whole, name: string) => {
        const hit = Object.keys(env).find((k) => k.toLowerCase() === name.toLowerCase());
        return hit ? (env[hit] ?? whole) : whole;
      });
    case 'REG_DWORD':
    case 'REG_QWORD': {
      if (!/^0x[0-9a-f]+$/i.test(data)) return undefined;
      const n = BigInt(data);
      return n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : undefined;
    }
    case 'REG_MULTI_SZ':
      return data === '' ? [] : data.split('\\0');
    default:
      return undefined;
  }
}

/** The registry policy, read with %SystemRoot%\System32\reg.exe (an absolute path: PATH is not trusted). */
export function registrySource(options: { run?: Runner; env?: NodeJS.ProcessEnv } = {}): PolicySource {
  const env = options.env ?? process.env;
  const run = options.run ?? runCommand;
  return {
    name: 'registry',
    location: 'HKLM\\SOFTWARE\\Policies\\SalesEdge\\Copilot',
    coerce: true,
    impliedVersion: true,
    read() {
      const regExe = path.win32.join(env.SystemRoot ?? env.windir ?? 'C:\\Windows', 'System32', 'reg.exe');
      const r = run(regExe, ['query', REGISTRY_KEY, '/s']);
      if (r.error) return { kind: 'unreadable', error: `could not run reg.exe (${firstLine(r.error.message)})` };
      // reg.exe exits 1 both for a missing key (the usual case: no policy) and, in words that
      // depend on the Windows language, for a refused read; users can read HKLM\…\Policies.
      if (r.status === 1) return { kind: 'absent', detail: firstLine(r.stderr) };
      if (r.status !== 0) return { kind: 'unreadable', error: `reg query failed with exit code ${r.status} (${firstLine(r.stderr)})` };
      const parsed = parseRegQuery(r.stdout, REGISTRY_KEY, env);
      if (parsed.values === 0 && parsed.issues.length === 0) return { kind: 'absent', detail: 'the key holds no values' };
      return { kind: 'data', data: parsed.tree, issues: parsed.issues };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// macOS managed preferences

const MANAGED_PREFERENCES = '/Library/Managed Preferences/com.salesedge.copilot.plist';

/** The parts of a DOM node the policy code reads. */
export type XmlNode = {
  nodeType: number;
  nodeName: string;
  localName: string | null;
  namespaceURI: string | null;
  textContent: string | null;
  childNodes: ArrayLike<XmlNode>;
  getAttribute(name: string): string | null;
};
type XmlDom = { DOMParser: new (options: { errorHandler: Record<'warning' | 'error' | 'fatalError', (msg: string) => void> }) => { parseFromString(xml: string, mimeType: string): { documentElement: XmlNode | null } } };
// Loaded untyped on purpose: @xmldom/xmldom's own types add the DOM lib to the whole Node project.
const xmldom = createRequire(import.meta.url)('@xmldom/xmldom') as XmlDom;

/** Parses XML strictly: any warning or error of the parser is thrown, as one line. */
export function parseXmlStrict(xml: string): XmlNode {
  const fail = (msg: string) => {
    throw new Error(firstLine(String(msg).replace(/^\[xmldom \w+\]\s*/, '')));
  };
  const root = new xmldom.DOMParser({ errorHandler: { warning: fail, error: fail, fatalError: fail } }).parseFromString(xml, 'text/xml').documentElement;
  if (!root) throw new Error('no root element');
  return root;
}

/**
 * Parses plist XML (what `plutil -convert xml1` and `defaults export` print). The XML must be
 * well-formed (checked strictly first: the plist library alone would read a broken file
 * as something else); the root must be <plist>.
 */
export function parsePlistXml(xml: string): unknown {
  const root = parseXmlStrict(xml);
  if (root.nodeName !== 'plist') throw new Error(`not a plist (root element <${root.nodeName}>)`);
  return plist.parse(xml);
}

/** Keys a configuration profile adds to a payload (PayloadType, PayloadUUID…): not policy fields. */
export const withoutPayloadKeys = (value: unknown): unknown =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).filter(([k]) => !k.startsWith('Payload'))) : value;

/** com.salesedge.copilot from a configuration profile (MDM: Jamf, Intune, Kandji…), converted with /usr/bin/plutil. */
export function managedPreferencesSource(options: { run?: Runner; file?: string } = {}): PolicySource {
  const file = options.file ?? MANAGED_PREFERENCES;
  const run = options.run ?? runCommand;
  return {
    name: 'managed-preferences',
    location: file,
    coerce: true,
    impliedVersion: true,
    read() {
      if (!fs.existsSync(file)) return { kind: 'absent' };
      // Managed preferences are often binary plists: plutil turns any plist into XML.
      const r = run('/usr/bin/plutil', ['-convert', 'xml1', '-o', '-', file]);
      if (r.error || r.status !== 0) return { kind: 'unreadable', error: `plutil could not read it (${firstLine(r.error?.message ?? r.stderr)})` };
      try {
        return { kind: 'data', data: withoutPayloadKeys(parsePlistXml(r.stdout)) };
      } catch (err) {
        return { kind: 'unreadable', error: `not a valid plist (${(err as Error).message})` };
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------
// JSON files

export function jsonFileSource(file: string): PolicySource {
  return {
    name: 'file',
    location: file,
    coerce: false,
    impliedVersion: false,
    read() {
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'absent' };
        return { kind: 'unreadable', error: `could not be read (${code ?? firstLine((err as Error).message)})` };
      }
      try {
        return { kind: 'data', data: JSON.parse(text.replace(/^\uFEFF/, '')) };
      } catch (err) {
        return { kind: 'unreadable', error: `is not valid JSON (${firstLine((err as Error).message)})` };
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Which places, in which order

/**
 * Whether SALESEDGE_POLICY may replace the OS places with a file of the caller's choosing:
 * only in development and test builds (`electron-vite dev`, vitest). `electron-vite build`
 * (the packaged app, the `salesedge` CLI in out/main) is production: the variable is ignored,
 * so nobody can point an installed app at a policy of their own.
 */
export function policyOverrideAllowed(mode: string | undefined): boolean {
  return mode === 'development' || mode === 'test';
}

/** Vite replaces import.meta.env.MODE at build time; vitest sets it to 'test'; plain Node has no import.meta.env. */
export function buildMode(): string | undefined {
  return import.meta.env?.MODE;
}

export type SourceOptions = {
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
  /** Folder of the installed app (Windows: its policy.json sits beside the .exe); the Electron app passes it. */
  appDir?: string;
  mode?: string;
  run?: Runner;
};

/**
 * The places read, highest precedence first (README: IT policy file):
 * - Windows: the registry (Group Policy / Intune ADMX), policy.json beside the app, %ProgramData%\SalesEdge\policy.json;
 * - macOS: managed preferences com.salesedge.copilot, /Library/Application Support/SalesEdge/policy.json;
 * - Linux: /etc/salesedge/policy.json.
 * In development and test builds only, SALESEDGE_POLICY names one JSON file read instead of all of them.
 */
export function policySources(options: SourceOptions = {}): { sources: PolicySource[]; notes: string[] } {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const notes: string[] = [];
  if (env.SALESEDGE_POLICY) {
    if (policyOverrideAllowed(options.mode ?? buildMode())) return { sources: [jsonFileSource(env.SALESEDGE_POLICY)], notes: [`SALESEDGE_POLICY: reading the policy from ${env.SALESEDGE_POLICY} only (development/test build)`] };
    notes.push('SALESEDGE_POLICY is ignored: only development and test builds read a policy from there; this build reads the places IT uses');
  }
  if (platform === 'win32') {
    const files = [...(options.appDir ? [path.join(options.appDir, 'policy.json')] : []), path.join(env.ProgramData ?? 'C:\\ProgramData', 'SalesEdge', 'policy.json')];
    return { sources: [registrySource({ run: options.run, env }), ...files.map(jsonFileSource)], notes };
  }
  if (platform === 'darwin') return { sources: [managedPreferencesSource({ run: options.run }), jsonFileSource('/Library/Application Support/SalesEdge/policy.json')], notes };
  return { sources: [jsonFileSource('/etc/salesedge/policy.json')], notes };
}
