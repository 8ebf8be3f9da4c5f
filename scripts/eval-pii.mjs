#!/usr/bin/env node
/**
 * PII redaction figures on a marked-up file (training/pii/dev.txt's format):
 *   '#' comment, '% pt' / '% en' language lines, every other line a text whose PII spans are
 *   marked inline as [[kind:the text]]; a line without markup holds no PII.
 * Runs the built CLI (`node bin/salesedge.js redact --json --language <lang>`) once per language
 * and prints, per language and kind, span recall (a span counts only when every letter and
 * digit of it lies inside predicted spans) and the share of PII-free lines the redactor changed.
 *
 *   node scripts/eval-pii.mjs FILE [--summary-only] [--json]
 *
 * --summary-only prints the aggregate figures only (never a line of the file). out/ is rebuilt
 * first (`npx electron-vite build`, on stderr) when it is older than the redactor's sources.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const summaryOnly = args.includes('--summary-only');
const asJson = args.includes('--json');
const file = args.find((a) => !a.startsWith('--'));
if (!file) {
  process.stderr.write('usage: node scripts/eval-pii.mjs FILE [--summary-only] [--json]\n');
  process.exit(2);
}
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const KINDS = ['cpf', 'cnpj', 'phone', 'email', 'name', 'address', 'cep', 'card', 'iban', 'pix'];

/** Parses one marked-up line into its plain text and gold spans. */
function parseLine(line) {
  const spans = [];
  let text = '';
  const re = /\[\[(\w+):(.*?)\]\]/g;
  let last = 0;
  for (const m of line.matchAll(re)) {
    text += line.slice(last, m.index);
    spans.push({ kind: m[1], start: text.length, end: text.length + m[2].length });
    text += m[2];
    last = m.index + m[0].length;
  }
  text += line.slice(last);
  return { text, spans };
}

const byLang = new Map();
let lang = null;
for (const raw of fs.readFileSync(file, 'utf8').split(/\r?\n/)) {
  if (!raw.trim() || raw.startsWith('#')) continue;
  const l = /^%\s*(pt|en)\s*$/.exec(raw);
  if (l) {
    lang = l[1];
    continue;
  }
  if (!lang) throw new Error(`${file}: a text line before any '% pt' / '% en' line`);
  if (!byLang.has(lang)) byLang.set(lang, []);
  byLang.get(lang).push(parseLine(raw));
}

/** Builds out/ first when it is missing or older than the redactor or the CLI command (output on stderr). */
function ensureBuilt() {
  const built = path.join(root, 'out/main/cli.js');
  const sources = [path.join(root, 'src-main/core/privacy'), path.join(root, 'src-main/cli/commands')].flatMap((d) => fs.readdirSync(d).map((f) => path.join(d, f)));
  const newest = Math.max(...sources.map((f) => fs.statSync(f).mtimeMs));
  if (fs.existsSync(built) && fs.statSync(built).mtimeMs >= newest) return;
  process.stderr.write('eval-pii: out/ is stale, running npx electron-vite build\n');
  const res = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (res.status !== 0) throw new Error('npx electron-vite build failed');
}
ensureBuilt();

function runCli(language, texts) {
  const res = spawnSync(process.execPath, [path.join(root, 'bin/salesedge.js'), 'redact', '--json', '--language', language], {
    input: texts.join('\n') + '\n',
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (res.status !== 0) throw new Error(`salesedge redact failed (${res.status}): ${res.stderr.split('\n')[0]}`);
  const out = res.stdout.split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l));
  if (out.length !== texts.length) throw new Error(`salesedge redact printed ${out.length} lines for ${texts.length}`);
  return out;
}

const report = { languages: {} };
const failures = [];
for (const [language, items] of byLang) {
  const started = process.hrtime.bigint();
  const out = runCli(language, items.map((i) => i.text));
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const perKind = Object.fromEntries(KINDS.map((k) => [k, { spans: 0, found: 0 }]));
  let clean = 0;
  let changed = 0;
  items.forEach((item, idx) => {
    const pred = out[idx].spans;
    const covered = new Uint8Array(item.text.length);
    for (const p of pred) for (let i = p.start; i < p.end; i += 1) covered[i] = 1;
    if (item.spans.length === 0) {
      clean += 1;
      if (out[idx].text !== item.text) {
        changed += 1;
        failures.push(`${language} changed: ${item.text}\n    => ${out[idx].text}`);
      }
      return;
    }
    for (const g of item.spans) {
      const k = perKind[g.kind] ?? (perKind[g.kind] = { spans: 0, found: 0 });
      k.spans += 1;
      let ok = true;
      for (let i = g.start; i < g.end; i += 1) if (/[\p{L}\p{N}]/u.test(item.text[i]) && !covered[i]) ok = false;
      if (ok) k.found += 1;
      else failures.push(`${language} missed ${g.kind} "${item.text.slice(g.start, g.end)}": ${item.text}\n    => ${out[idx].text}`);
    }
  });
  const kinds = {};
  let spans = 0;
  let found = 0;
  for (const [k, v] of Object.entries(perKind)) {
    if (v.spans === 0) continue;
    kinds[k] = { spans: v.spans, recall: v.found / v.spans };
    spans += v.spans;
    found += v.found;
  }
  report.languages[language] = {
    lines: items.length,
    recall: spans ? found / spans : null,
    spans,
    kinds,
    piiFreeLines: clean,
    piiFreeChanged: clean ? changed / clean : null,
    msPerLine: ms / items.length,
  };
}

if (asJson) process.stdout.write(`${JSON.stringify(report)}\n`);
else {
  const pct = (x) => (x === null ? '   -  ' : `${(x * 100).toFixed(1).padStart(5)}%`);
  for (const [language, r] of Object.entries(report.languages)) {
    process.stdout.write(`${language}: ${r.lines} lines, span recall ${pct(r.recall)} (${r.spans} spans), PII-free lines changed ${pct(r.piiFreeChanged)} of ${r.piiFreeLines}\n`);
    for (const [k, v] of Object.entries(r.kinds)) process.stdout.write(`  ${k.padEnd(8)} recall ${pct(v.recall)}  (${v.spans} spans)\n`);
  }
  if (!summaryOnly && failures.length) process.stdout.write(`\n${failures.join('\n')}\n`);
}
