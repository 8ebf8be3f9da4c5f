// The screens in the user's language and time zone (issue 11, points 14-16): a Portuguese UI has
// no English left (device notices, the ASR backend line, import errors, default call titles,
// plurals at 0), dates are typed and shown as dd/mm/aaaa in local time (São Paulo here), and the
// call detail names competitors and says latencies in words.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Browser } from '@playwright/test';
import { openAt, screenshotPath, startServeUi, withCoreStore, type UiProcess } from './serve-ui';
import { run, transaction } from '../src-main/core/store/query';
import { insertCallRow } from '../src-main/core/store/calls';
import { insertDetectionRow, insertSegmentRow, insertSentimentRow } from '../src-main/core/store/segments';
import { insertHintRow } from '../src-main/core/store/hints';
import type { SeedCall } from '../src-main/core/calls/seed-calls';
import { enCall } from '../src-main/core/calls/sample-calls';

const recordings = path.resolve(__dirname, '..', 'test', 'fixtures', 'recordings');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'salesedge-e2e-lang-'));
// ALSA null devices and no monitor input: the device list is real and says why system audio is missing.
const alsa = path.join(tmp, 'asound.conf');
fs.writeFileSync(alsa, '</usr/share/alsa/alsa.conf>\npcm.!default { type null }\npcm.usb_headset { type null }\n');

let ui: UiProcess;
test.use({ reducedMotion: 'reduce' });
test.beforeAll(async () => {
  ui = await startServeUi({ env: { ALSA_CONFIG_PATH: alsa, SALESEDGE_WHISPER_MODEL: '', SALESEDGE_MODELS_DIR: '' } });
});
test.afterAll(async () => {
  await ui?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/**
 * Writes a finished call straight into the running core's database (WAL: safe beside it), row
 * by row with the store's insert functions, so the spec does not depend on how the calls layer
 * derives a call's rows (seed-calls.ts).
 */
function seed(call: SeedCall): string {
  return withCoreStore(ui.dataDir, (store) => {
    const id = crypto.randomUUID();
    const startedAt = call.startedAt ?? Date.now();
    const durationMs = Math.max(0, ...call.segments.map((s) => s.endMs));
    const scores = call.segments.filter((s) => s.speaker === 'customer' && s.sentiment !== undefined).map((s) => s.sentiment!);
    const avg = scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : null;
    transaction(store, () => {
      insertCallRow(store, {
        id, title: call.title ?? 'Call', customer: call.customer ?? null, source: call.source ?? 'live', language: call.language ?? null,
        started_at: startedAt, ended_at: startedAt + durationMs, duration_ms: durationMs, sentiment_avg: avg, created_at: startedAt,
      });
      for (const s of call.segments) {
        const seg = insertSegmentRow(store, { call_id: id, speaker: s.speaker, start_ms: s.startMs, end_ms: s.endMs, text: s.text, language: call.language ?? null, engine: 'seed' });
        if (s.sentiment !== undefined) {
          const label = s.sentiment <= -0.2 ? 'negative' : s.sentiment >= 0.2 ? 'positive' : 'neutral';
          insertSentimentRow(store, { call_id: id, segment_id: seg, at_ms: s.endMs, label, score: s.sentiment, rolling: s.speaker === 'customer' ? s.sentiment : null });
        }
        for (const o of s.objections ?? []) insertDetectionRow(store, { call_id: id, segment_id: seg, kind: 'objection', value: o, confidence: 0.9, at_ms: s.endMs });
        for (const c of s.competitors ?? []) insertDetectionRow(store, { call_id: id, segment_id: seg, kind: 'competitor', value: c, confidence: 0.95, at_ms: s.endMs });
      }
      for (const h of call.hints ?? []) {
        insertHintRow(store, {
          id: crypto.randomUUID(), call_id: id, kind: h.kind ?? 'objection', trigger: h.trigger, text: h.text, language: call.language ?? 'en', confidence: 0.9,
          speech_end_ms: h.atMs, shown_ms: h.atMs + 180, status: h.status ?? 'shown', created_at: startedAt,
        });
      }
    });
    return id;
  });
}
function clearCalls(): void {
  withCoreStore(ui.dataDir, (store) => run(store, store.db.deleteFrom('calls')));
}

const open = (browser: Browser, locale: 'pt-BR' | 'en-US', hash: string) => openAt(browser, `${ui.url}${hash}`, locale);

/** Words of the page that are English and have a Portuguese catalogue entry (a sign a string escaped translation). */
const ENGLISH = /\b(the|no|not|found|call|calls|hint|hints|default|backend|ready|model|empty|import|after|before|stopped|finished|mood|ended|listening)\b/i;

test('Settings in Portuguese: device labels and notice, and the ASR backend line', async ({ browser }) => {
  const { page, close } = await open(browser, 'pt-BR', '#/settings');
  try {
    await expect(page.getByRole('heading', { name: 'Configurações' })).toBeVisible();
    const notice = page.getByTestId('audio-devices-notice');
    await expect(notice).toHaveText(/^Nenhuma entrada de loopback ou monitor foi encontrada/);
    await page.getByTestId('setting-micDevice').locator('..').click();
    await expect(page.getByRole('option', { name: /usb_headset/ })).toBeVisible();
    const options = await page.getByRole('option').allTextContents();
    expect(options[0]).toBe('Padrão do sistema');
    expect(options.find((o) => o.startsWith('default'))).toMatch(/^default \(padrão\) · ALSA$/);
    await page.keyboard.press('Escape');
    const backend = page.getByTestId('asr-backend');
    await expect(backend).toHaveText(/^Motor em uso: pocketsphinx en-us \(CPU\); whisper\.cpp pronto \(.+\), sem modelo: salesedge models fetch base$/);
    await page.getByTestId('audio-devices').scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('lang-settings-pt'), fullPage: true });
    await page.getByLabel('Motor', { exact: true }).click();
    await expect(page.getByRole('option', { name: 'Automático' })).toBeVisible();
    await page.keyboard.press('Escape');
  } finally {
    await close();
  }
  const en = await open(browser, 'en-US', '#/settings');
  try {
    await expect(en.page.getByTestId('audio-devices-notice')).toHaveText(/^No loopback or monitor input was found/);
    await expect(en.page.getByTestId('asr-backend')).toHaveText(/^Backend in use: pocketsphinx en-us \(CPU\); whisper\.cpp ready \(.+\), no model: salesedge models fetch base$/);
    await en.page.screenshot({ path: screenshotPath('lang-settings-en'), fullPage: true });
  } finally {
    await en.close();
  }
});

test('Live page in Portuguese: "0 dicas", the Portuguese sample call by default, no English', async ({ browser }) => {
  const { page, close } = await open(browser, 'pt-BR', '#/live');
  try {
    await expect(page.getByTestId('live-hints')).toContainText('0 dicas');
    // The sample call's language follows the UI (the browser is Portuguese, the setting "system").
    await expect(page.getByLabel('Idioma falado')).toHaveText('Português');
    await expect(page.getByTestId('page-live')).not.toHaveText(ENGLISH);
    await page.screenshot({ path: screenshotPath('lang-live-pt') });
  } finally {
    await close();
  }
  const en = await open(browser, 'en-US', '#/live');
  try {
    await expect(en.page.getByTestId('live-hints')).toContainText('0 hints');
    await expect(en.page.getByLabel('Spoken language')).toHaveText('English');
  } finally {
    await en.close();
  }
});

test('import errors in Portuguese: an empty file, a file that is not audio, a recording with no speech', async ({ browser }) => {
  const empty = path.join(tmp, 'vazio.wav');
  fs.writeFileSync(empty, '');
  const silence = path.join(tmp, 'silencio.wav');
  // 2 s of 16-bit mono silence at 16 kHz, with its (empty) call script for the reference engine.
  const pcm = Buffer.alloc(64_000);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + pcm.length, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(16_000, 24);
  header.writeUInt32LE(32_000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(pcm.length, 40);
  fs.writeFileSync(silence, Buffer.concat([header, pcm]));
  const script = path.join(tmp, 'silencio.script.json');
  fs.writeFileSync(script, JSON.stringify({ language: 'pt', utterances: [] }));

  for (const locale of ['pt-BR', 'en-US'] as const) {
    const { page, close } = await open(browser, locale, '#/calls');
    const pt = locale === 'pt-BR';
    try {
      const error = page.getByTestId('calls-import-error');
      await page.getByTestId('calls-import-input').setInputFiles(empty);
      await expect(error).toHaveText(pt ? 'Não é possível importar vazio.wav: o arquivo está vazio (0 bytes).' : 'cannot import vazio.wav: the file is empty (0 bytes)');
      await page.getByTestId('calls-import-input').setInputFiles(path.join(recordings, 'not-audio.wav'));
      await expect(error).toHaveText(
        pt ? 'Não é possível importar not-audio.wav: não é uma gravação suportada (WAV, MP3, M4A/AAC, OGG ou FLAC).' : 'cannot import not-audio.wav: not a supported recording (WAV, MP3, M4A/AAC, OGG or FLAC)',
      );
      await page.getByTestId('calls-import-input').setInputFiles([silence, script]);
      await expect(error).toHaveText(pt ? 'Nenhuma fala encontrada em silencio.wav: nada foi importado.' : 'no speech found in silencio.wav: nothing was imported', { timeout: 30_000 });
      await expect(page.getByTestId('calls-import-progress')).toHaveAttribute('data-phase', 'failed');
      await page.screenshot({ path: screenshotPath(`lang-import-error-${pt ? 'pt' : 'en'}`) });
      // Nothing was stored.
      await expect(page.getByTestId('calls-row')).toHaveCount(0);
    } finally {
      await close();
    }
  }
});

test('calls filter in São Paulo: dd/mm/aaaa, local days (the "to" day is not shifted), local titles', async ({ browser }) => {
  clearCalls();
  // 22:30 on 31 March in São Paulo is 01:30 UTC on 1 April; 10:00 on 1 April is 13:00 UTC.
  const late = seed(enCall({ title: 'Replayed call 2025-03-31 22:30', source: 'replay', startedAt: Date.UTC(2025, 3, 1, 1, 30) }));
  const next = seed(enCall({ title: 'Globex — next day', startedAt: Date.UTC(2025, 3, 1, 13) }));
  const { page, close } = await open(browser, 'pt-BR', '#/calls');
  try {
    await expect(page.getByTestId('calls-row')).toHaveCount(2);
    // A default title in Portuguese, at the local time it started.
    await expect(page.getByTestId('calls-title').filter({ hasText: 'Chamada reproduzida' })).toHaveText('Chamada reproduzida 31/03/2025, 22:30');
    const from = page.getByTestId('calls-from');
    const to = page.getByTestId('calls-to');
    await expect(from).toHaveAttribute('placeholder', 'dd/mm/aaaa');
    await from.fill('31/03/2025');
    await to.fill('31/03/2025');
    await to.blur();
    await expect(page.getByTestId('calls-row')).toHaveCount(1);
    await expect(page.getByTestId('calls-row')).toContainText('Chamada reproduzida');
    // The field shows the day that was typed, in the same order, not the next (UTC) day.
    await expect(to).toHaveValue('31/03/2025');
    await expect(to).toHaveAttribute('data-day', '2025-03-31');
    await from.fill('01/04/2025');
    await to.fill('1/4/2025');
    await expect(page.getByTestId('calls-row')).toHaveCount(1);
    await expect(page.getByTestId('calls-row')).toContainText('Globex — next day');
    await to.fill('31/02/2025');
    await expect(page.getByText('Informe a data como dd/mm/aaaa.')).toBeVisible();
    await page.screenshot({ path: screenshotPath('lang-calls-filter-pt') });
    await to.fill('');
    await from.fill('');
    await expect(page.getByTestId('calls-row')).toHaveCount(2);
  } finally {
    await close();
  }
  const en = await open(browser, 'en-US', '#/calls');
  try {
    await expect(en.page.getByTestId('calls-from')).toHaveAttribute('placeholder', 'mm/dd/yyyy');
    await en.page.getByTestId('calls-to').fill('03/31/2025');
    await expect(en.page.getByTestId('calls-row')).toHaveCount(1);
    await expect(en.page.getByTestId('calls-title')).toHaveText('Replayed call 3/31/25, 10:30 PM');
    await en.page.screenshot({ path: screenshotPath('lang-calls-filter-en') });
  } finally {
    await en.close();
  }
  expect([late, next].every(Boolean)).toBe(true);
});

test('call detail: competitors by name, latencies in words, marker labels that do not overlap', async ({ browser }) => {
  clearCalls();
  const id = seed({
    title: 'Acme — RD Station',
    language: 'pt',
    startedAt: Date.UTC(2025, 2, 31, 15),
    segments: [
      { speaker: 'rep', startMs: 0, endMs: 4000, text: 'Olá, tudo bem?', sentiment: 0.4 },
      { speaker: 'customer', startMs: 5000, endMs: 9000, text: 'Já usamos o RD Station e o Gong, e o preço está alto.', sentiment: -0.5, objections: ['competitor', 'price'], competitors: ['rd-station', 'gong'] },
      { speaker: 'customer', startMs: 9200, endMs: 10_000, text: 'E preciso falar com o diretor.', sentiment: -0.2, objections: ['authority'] },
      { speaker: 'customer', startMs: 30_000, endMs: 34_000, text: 'Talvez no próximo trimestre.', sentiment: 0.1, objections: ['timing'] },
    ],
    hints: [
      { trigger: 'rd-station', kind: 'competitor', text: 'O RD Station traz o lead; nós ajudamos a fechar.', atMs: 8600 },
      { trigger: 'price', text: 'Comparado com o quê?', atMs: 9000 },
    ],
  });
  // One hint shown before the customer finished (negative latency), one 0.4 s after.
  withCoreStore(ui.dataDir, (store) => {
    run(store, store.db.updateTable('hints').set({ speech_end_ms: 9000, shown_ms: 8600 }).where('call_id', '=', id).where('trigger', '=', 'rd-station'));
    run(store, store.db.updateTable('hints').set({ speech_end_ms: 9000, shown_ms: 9400 }).where('call_id', '=', id).where('trigger', '=', 'price'));
  });

  for (const locale of ['pt-BR', 'en-US'] as const) {
    const pt = locale === 'pt-BR';
    const { page, close } = await open(browser, locale, `#/calls/${id}`);
    try {
      await expect(page.getByTestId('call-detail')).toBeVisible();
      await expect(page.getByTestId('call-hint-trigger').first()).toHaveText(pt ? 'Concorrente: RD Station' : 'Competitor: RD Station');
      const latencies = await page.getByTestId('call-hint-latency').allTextContents();
      expect(latencies).toEqual(pt ? ['antes de o cliente terminar de falar', '0,4 s depois que o cliente parou de falar'] : ['before they finished', '0.4 s after they stopped']);
      await expect(page.getByTestId('call-transcript')).toContainText('RD Station');
      await expect(page.getByTestId('call-transcript')).not.toContainText('rd-station');
      const chart = page.getByTestId('calls-sentiment-chart');
      await expect(chart.locator('svg').first()).toBeVisible();
      // The marker labels (the zero line has none).
      const labels = chart.locator('.MuiChartsReferenceLine-label').filter({ hasText: /\S/ });
      await expect(labels.first()).toBeVisible();
      const texts = await labels.allTextContents();
      expect(texts.join(' ')).toContain('RD Station');
      expect(texts.join(' ')).toContain('Gong');
      expect(texts.join(' ')).not.toMatch(/rd-station|\bgong\b/);
      const boxes = (await labels.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as { x: number; y: number; width: number; height: number }))).filter((b) => b.width > 0);
      expect(boxes.length).toBe(texts.length);
      // …and none runs off the chart.
      const svg = (await labels.first().evaluate((e) => (e as unknown as { ownerSVGElement: { getBoundingClientRect(): { right: number } } }).ownerSVGElement.getBoundingClientRect().right));
      const right = svg;
      for (const [i, b] of boxes.entries()) expect(b.x + b.width, texts[i]).toBeLessThanOrEqual(right);
      for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length; j++) {
          const a = boxes[i]!;
          const b = boxes[j]!;
          const overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
          expect(overlap, `${texts[i]} / ${texts[j]}`).toBe(false);
        }
      }
      await chart.scrollIntoViewIfNeeded();
      await chart.screenshot({ path: screenshotPath(`lang-chart-markers-${pt ? 'pt' : 'en'}`) });
      await page.screenshot({ path: screenshotPath(`lang-call-detail-${pt ? 'pt' : 'en'}`), fullPage: true });
      await page.getByRole('button', { name: pt ? 'Chamadas' : 'Calls' }).first().click();
      const row = page.getByTestId('calls-row').filter({ hasText: 'Acme — RD Station' });
      await expect(row).toContainText('RD Station');
      await expect(row).toContainText('Gong');
      await page.getByLabel(pt ? 'Concorrente' : 'Competitor', { exact: true }).click();
      await expect(page.getByRole('option', { name: 'RD Station' })).toBeVisible();
      await page.getByRole('option', { name: 'Gong' }).click();
      await expect(page.getByTestId('calls-row')).toHaveCount(1);
    } finally {
      await close();
    }
  }
});
