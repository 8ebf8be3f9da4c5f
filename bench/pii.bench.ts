/**
 * PII redaction cost per line (it runs on every line that syncs, every LLM prompt line and
 * every redacted export line). Times `redactDetailed` over the dev set's lines
 * (training/pii/dev.txt: spoken and typed, pt and en, with and without PII) and prints the
 * mean and tail per line. Target: under 0.2 ms a typical line on one core.
 * Recall and over-masking are measured by `node scripts/eval-pii.mjs training/pii/dev.txt`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { redactDetailed, type RedactLanguage } from '../src-main/core/privacy/redact';

const file = path.resolve(__dirname, '../training/pii/dev.txt');
const lines: { lang: RedactLanguage; text: string }[] = [];
let lang: RedactLanguage = 'pt';
for (const raw of fs.readFileSync(file, 'utf8').split('\n')) {
  if (!raw.trim() || raw.startsWith('#')) continue;
  const l = /^%\s*(pt|en)\s*$/.exec(raw);
  if (l) lang = l[1] as RedactLanguage;
  else lines.push({ lang, text: raw.replace(/\[\[\w+:(.*?)\]\]/g, '$1') });
}
// A long transcript line too: five typical lines joined.
const long = lines.slice(0, 5).map((l) => l.text).join(' ');

for (let i = 0; i < 3; i += 1) for (const l of lines) redactDetailed(l.text, l.lang); // warm up the JIT
const ROUNDS = 20;
const times: number[] = [];
for (let r = 0; r < ROUNDS; r += 1) {
  for (const l of lines) {
    const t0 = process.hrtime.bigint();
    redactDetailed(l.text, l.lang);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
}
times.sort((a, b) => a - b);
const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
const mean = times.reduce((a, b) => a + b, 0) / times.length;
const avgLen = lines.reduce((a, l) => a + l.text.length, 0) / lines.length;
const t0 = process.hrtime.bigint();
for (let r = 0; r < 500; r += 1) redactDetailed(long, 'pt');
const longMs = Number(process.hrtime.bigint() - t0) / 1e6 / 500;
console.log(`${lines.length} lines (mean ${avgLen.toFixed(0)} chars) x ${ROUNDS}: mean ${mean.toFixed(4)} ms, p50 ${q(0.5).toFixed(4)} ms, p95 ${q(0.95).toFixed(4)} ms, p99 ${q(0.99).toFixed(4)} ms per line`);
console.log(`one ${long.length}-char line: ${longMs.toFixed(4)} ms`);
