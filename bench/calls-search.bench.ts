/**
 * Calls history search over 10,000 stored calls (issue 5: must answer in under 50 ms).
 * Builds a real SQLite file with the app's migrations, 10,000 pt/en calls of 24 utterances
 * (240,000 segments in the FTS5 index) with sentiment and detections, then times the same
 * `listCalls` the Calls page and `salesedge calls list` use: first page (50) plus the total.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { listCalls } from '../src-main/core/calls/call-queries';
import type { Store } from '../src-main/core/store/db';
import { attachStore } from '../src-main/core/store/attach';

const CALLS = Number(process.env.CALLS ?? 10_000);
const SEGMENTS = 24;
const RUNS = 30;

// Deterministic pseudo-random numbers so every run builds the same history.
let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

const PT = [
  'O preço está acima do nosso orçamento para este trimestre',
  'Precisamos da aprovação da diretoria antes de assinar',
  'Vocês integram com o nosso ERP e com o sistema de faturamento?',
  'Estamos avaliando outras opções no mercado',
  'A implantação parece complexa para a nossa equipe',
  'Podemos conversar de novo na semana que vem',
  'Vou enviar a proposta revisada até sexta-feira',
  'Qual é o prazo de contrato mínimo?',
  'O suporte em português é importante para nós',
  'Gostei da demonstração, o painel é bem claro',
  'Não temos verba aprovada até o ano que vem',
  'Quantos usuários estão incluídos no plano anual?',
];
const EN = [
  'The price is higher than our budget for this quarter',
  'We need sign off from the board before we commit',
  'Do you integrate with our ERP and billing system?',
  'We are evaluating other options on the market',
  'The rollout looks complex for our team',
  'Can we talk again next week?',
  "I'll send the revised proposal by Friday",
  'What is the minimum contract term?',
  'Support in our time zone matters to us',
  'I liked the demo, the dashboard is very clear',
  'We have no budget approved until next year',
  'How many seats are included in the annual plan?',
];
const COMPETITORS = ['salesforce', 'hubspot', 'pipedrive', 'rdstation', 'zoho'];
const OBJECTIONS = ['price', 'budget', 'timing', 'authority', 'need', 'competitor', 'trust', 'complexity', 'contract'];
const RARE = 'zanzibar';

function openBenchStore(file: string): Store {
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('secure_delete = ON');
  // The app's own migrations, in order (the app bundles them with Vite; tsx cannot).
  const dir = path.resolve(__dirname, '../src-main/core/store/migrations');
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.sql')).sort()) sqlite.exec(fs.readFileSync(path.join(dir, f), 'utf8'));
  return attachStore(sqlite, file);
}

function fill(store: Store): void {
  const db = store.sqlite;
  const call = db.prepare('INSERT INTO calls (id, title, customer, source, language, started_at, ended_at, duration_ms, sentiment_avg, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const seg = db.prepare('INSERT INTO segments (call_id, speaker, start_ms, end_ms, text, language) VALUES (?, ?, ?, ?, ?, ?)');
  const sent = db.prepare('INSERT INTO sentiment (call_id, segment_id, at_ms, label, score) VALUES (?, ?, ?, ?, ?)');
  const det = db.prepare('INSERT INTO detections (call_id, segment_id, kind, value, confidence, at_ms) VALUES (?, ?, ?, ?, ?, ?)');
  const start = Date.UTC(2024, 0, 1);
  db.transaction(() => {
    for (let i = 0; i < CALLS; i += 1) {
      const id = `call-${String(i).padStart(5, '0')}`;
      const lang = rand() < 0.6 ? 'pt' : 'en';
      const lines = lang === 'pt' ? PT : EN;
      const startedAt = start + i * 3_600_000;
      call.run(id, `Call ${i}`, `Customer ${i % 700}`, 'live', lang, startedAt, startedAt + SEGMENTS * 5000, SEGMENTS * 5000, rand() * 2 - 1, startedAt);
      for (let s = 0; s < SEGMENTS; s += 1) {
        const speaker = s % 2 === 0 ? 'rep' : 'customer';
        let text = pick(lines);
        if (rand() < 0.05) text += ` ${pick(COMPETITORS)}`;
        if (i % 1000 === 7 && s === 3) text += ` ${RARE}`;
        const segId = Number(seg.run(id, speaker, s * 5000, s * 5000 + 4500, text, lang).lastInsertRowid);
        if (speaker === 'customer') {
          const score = rand() * 2 - 1;
          sent.run(id, segId, s * 5000 + 4500, score < -0.2 ? 'negative' : score > 0.2 ? 'positive' : 'neutral', score);
          if (rand() < 0.15) det.run(id, segId, 'objection', pick(OBJECTIONS), 0.9, s * 5000 + 4500);
          if (rand() < 0.04) det.run(id, segId, 'competitor', pick(COMPETITORS), 0.9, s * 5000 + 4500);
        }
      }
    }
  })();
  db.exec(`INSERT INTO segments_fts(segments_fts) VALUES ('optimize'); ANALYZE;`);
}

function time(store: Store, label: string, filter: Parameters<typeof listCalls>[1]): void {
  const wall: number[] = [];
  const cpu: number[] = [];
  let total = 0;
  listCalls(store, { ...filter, limit: 50 }); // warm the page cache
  for (let r = 0; r < RUNS; r += 1) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    total = listCalls(store, { ...filter, limit: 50 }).total;
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
  const f = (n: number) => n.toFixed(1).padStart(6);
  // CPU time is what the query costs; wall time also counts waiting for a busy machine.
  console.log(`${label.padEnd(42)} matches ${String(total).padStart(5)}  wall median ${f(q(wall, 0.5))} p95 ${f(q(wall, 0.95))} ms  cpu median ${f(q(cpu, 0.5))} p95 ${f(q(cpu, 0.95))} ms  ${q(wall, 0.5) < 50 ? 'OK' : 'OVER 50 ms'}`);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'salesedge-bench-calls-'));
try {
  const store = openBenchStore(path.join(dir, 'salesedge.db'));
  const t0 = performance.now();
  fill(store);
  const segs = store.sqlite.prepare('SELECT count(*) FROM segments').pluck().get() as number;
  console.log(`built ${CALLS} calls, ${segs} segments in ${((performance.now() - t0) / 1000).toFixed(1)} s; db ${(fs.statSync(store.file).size / 2 ** 20).toFixed(0)} MiB (+WAL)`);
  console.log(`search: first page of 50 + total count, ${RUNS} runs each; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} cores`);
  time(store, `rare word "${RARE}"`, { query: RARE });
  time(store, 'accent-insensitive "preco" (pt calls)', { query: 'preco' });
  time(store, 'common word "proposta"', { query: 'proposta' });
  time(store, 'two words "aprovacao diretoria"', { query: 'aprovacao diretoria' });
  time(store, 'prefix while typing "integ"', { query: 'integ' });
  time(store, 'word + objection filter "budget" / price', { query: 'budget', objection: 'price' });
  time(store, 'word + sentiment negative "preco"', { query: 'preco', sentiment: 'negative' });
  time(store, 'competitor filter hubspot', { competitor: 'hubspot' });
  time(store, 'no query, last 30 days', { from: Date.UTC(2024, 0, 1) + (CALLS - 720) * 3_600_000 });
  time(store, 'no filter (first page)', {});
  store.close();
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
