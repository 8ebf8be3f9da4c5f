import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { screenshotPath, startServeUi, withCoreStore, type UiProcess } from './serve-ui';
import { seedCall } from '../src-main/core/calls/seed-calls';
import { first, run } from '../src-main/core/store/query';
import { writeSettingRows } from '../src-main/core/store/settings';
import { enCall, ptCall } from '../src-main/core/calls/sample-calls';

const recordings = path.resolve(__dirname, '..', 'test', 'fixtures', 'recordings');

let ui: UiProcess;
test.beforeAll(async () => {
  ui = await startServeUi();
  ui.child.stderr!.on('data', (d) => process.stderr.write(`[serve-ui] ${d}`));
  ui.child.on('exit', (code, sig) => process.stderr.write(`[serve-ui] exited ${code} ${sig}\n`));
});
test.afterAll(async () => {
  await ui?.stop();
});

/** Calls in the running core's store (read beside it; WAL). */
function storedCalls(dataDir: string): number {
  return withCoreStore(dataDir, (store) => first(store, store.db.selectFrom('calls').select((eb) => eb.fn.countAll<number>().as('n')))!.n, { readonly: true });
}

/** Writes calls straight into the running core's SQLite file (WAL: safe beside it). */
function seed(dataDir: string): { pt: string; en: string } {
  return withCoreStore(dataDir, (store) => ({ pt: seedCall(store, ptCall({ startedAt: Date.now() - 86_400_000 })), en: seedCall(store, enCall()) }));
}

test('import a recording through the UI, open it, see chart and transcript, search a word in it', async ({ page }) => {
  await page.goto(`${ui.url}#/calls`);
  await expect(page.getByTestId('calls-import')).toBeVisible();
  // The recording with its reference transcript: the pipeline runs for real (VAD, segmenter, NLP,
  // hints, store); the reference engine stands in for a recogniser that this machine may lack.
  await page.getByTestId('calls-import-input').setInputFiles([path.join(recordings, 'call-en.wav'), path.join(recordings, 'call-en.script.json')]);
  const progress = page.getByTestId('calls-import-progress');
  await expect(progress).toBeVisible();
  await page.screenshot({ path: screenshotPath('calls-import-progress') });
  // The bar runs to 100% and the new call is offered (and listed).
  await expect(progress).toHaveAttribute('data-phase', 'done', { timeout: 90_000 });
  await expect(progress.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100');
  await expect(page.getByTestId('calls-row').filter({ hasText: 'call-en' })).toBeVisible();
  await page.screenshot({ path: screenshotPath('calls-import-done') });
  await page.getByTestId('calls-import-open').click();
  await expect(page.getByTestId('call-detail')).toBeVisible();
  await expect(page.getByTestId('call-segment').first()).toBeVisible();
  const segments = await page.getByTestId('call-segment').count();
  expect(segments).toBeGreaterThan(1);
  await expect(page.getByTestId('calls-sentiment-chart').locator('svg').first()).toBeVisible();
  await expect(page.getByTestId('calls-summary')).toBeVisible();
  await page.screenshot({ path: screenshotPath('calls-detail-imported'), fullPage: true });

  // A word the recogniser actually wrote: the longest word of the first customer line.
  const line = (await page.getByTestId('call-segment').filter({ hasText: 'Customer' }).first().innerText()).replace(/^.*?Customer\s*/s, '');
  const word = line.split(/[^\p{L}]+/u).sort((a, b) => b.length - a.length)[0]!;
  expect(word.length).toBeGreaterThan(2);
  await page.getByRole('button', { name: 'Calls' }).first().click();
  await page.getByTestId('calls-search').fill(word);
  await expect(page.getByTestId('calls-row')).toHaveCount(1);
  await expect(page.getByTestId('calls-snippet').locator('mark').first()).toHaveText(new RegExp(word, 'i'));
  await page.screenshot({ path: screenshotPath('calls-search-imported') });
});

test('a file that is not audio gets a clear error and no call is added', async ({ page }) => {
  await page.goto(`${ui.url}#/calls`);
  const before = storedCalls(ui.dataDir);
  await page.getByTestId('calls-import-input').setInputFiles(path.join(recordings, 'not-audio.wav'));
  await expect(page.getByTestId('calls-import-error')).toHaveText('cannot import not-audio.wav: not a supported recording (WAV, MP3, M4A/AAC, OGG or FLAC)');
  expect(storedCalls(ui.dataDir)).toBe(before);
});

test('history: search without accents, filters, detail with markers and hints, delete', async ({ page }) => {
  const { pt, en } = seed(ui.dataDir);
  await page.goto(`${ui.url}#/calls`);
  await expect(page.getByTestId('calls-row').filter({ hasText: 'Acme — descoberta' })).toBeVisible();
  await expect(page.getByTestId('calls-row').filter({ hasText: 'Globex — pricing' })).toBeVisible();
  await page.screenshot({ path: screenshotPath('calls-list') });

  // "preco" finds "preço" (remove_diacritics 2).
  await page.getByTestId('calls-search').fill('preco');
  await expect(page.getByTestId('calls-row')).toHaveCount(1);
  await expect(page.getByTestId('calls-snippet')).toContainText('preço');
  await page.screenshot({ path: screenshotPath('calls-search-accents') });
  await page.getByTestId('calls-search').fill('');

  // Objection filter.
  await page.getByLabel('Objection').click();
  await page.getByRole('option', { name: 'Budget' }).click();
  await expect(page.getByTestId('calls-row')).toHaveCount(1);
  await expect(page.getByTestId('calls-row')).toContainText('Globex — pricing');

  await page.goto(`${ui.url}#/calls/${pt}`);
  await expect(page.getByTestId('call-detail')).toBeVisible();
  await expect(page.getByTestId('call-segment')).toHaveCount(8);
  await expect(page.getByTestId('call-talk-ratio')).toContainText('70% you');
  await expect(page.getByTestId('call-hints')).toContainText('Used');
  await expect(page.getByTestId('calls-summary-actions')).toContainText('Enviar o comparativo com Salesforce');
  await expect(page.getByTestId('calls-email')).toHaveValue(/^Próximos passos — Acme — descoberta/);
  await expect(page.getByTestId('calls-sentiment-chart').locator('svg').first()).toBeVisible();
  await page.screenshot({ path: screenshotPath('calls-detail'), fullPage: true });

  await page.getByTestId('call-delete').click();
  await page.getByTestId('call-delete-confirm').click();
  await expect(page.getByTestId('calls-table')).toBeVisible();
  await expect(page.getByTestId('calls-row').filter({ hasText: 'Acme — descoberta' })).toHaveCount(0);
  await expect(page.getByTestId('calls-row').filter({ hasText: 'Globex — pricing' })).toHaveCount(1);
  expect(en).toBeTruthy();
});

test('the Calls page speaks Portuguese in a pt-BR browser', async ({ browser }) => {
  const { pt } = seed(ui.dataDir);
  const context = await browser.newContext({ locale: 'pt-BR' });
  const page = await context.newPage();
  try {
    await page.goto(`${ui.url}#/calls`);
    await expect(page.getByRole('heading', { name: 'Chamadas' })).toBeVisible();
    await expect(page.getByText('Principais objeções')).toBeVisible();
    await page.goto(`${ui.url}#/calls/${pt}`);
    await expect(page.getByTestId('call-talk-ratio')).toContainText('70% você');
    await expect(page.getByText('Resumo e próximos passos')).toBeVisible();
    await expect(page.getByTestId('call-segment').first()).toContainText('Vendedor');
    await page.screenshot({ path: screenshotPath('calls-detail-pt'), fullPage: true });
  } finally {
    await context.close();
  }
});

/** A call whose rep sounds cheerful throughout while the customer starts cold and warms up a little. */
function seedSentimentCall(dataDir: string, language: 'pt' | 'en'): string {
  return withCoreStore(dataDir, (store) => {
    const base = language === 'pt' ? ptCall() : enCall();
    const lines = language === 'pt'
      ? ['Que ótimo falar com você!', 'O preço está alto demais para nós.', 'Excelente pergunta, adorei!', 'Hum, talvez faça sentido.', 'Perfeito, fantástico!', 'Ok, vamos ver com o time.']
      : ['So great to talk to you!', 'The price is way too high for us.', 'Excellent question, love it!', 'Hmm, that might make sense.', 'Perfect, fantastic!', "Okay, let's see with the team."];
    const scores = [0.9, -0.7, 0.9, 0.2, 0.9, 0.1];
    return seedCall(store, {
      ...base,
      title: language === 'pt' ? 'Sentimento — cliente' : 'Sentiment — customer',
      segments: lines.map((text, i) => ({
        speaker: i % 2 === 0 ? 'rep' : 'customer',
        startMs: i * 10_000,
        endMs: i * 10_000 + 8000,
        text,
        sentiment: scores[i]!,
        ...(i === 1 ? { objections: ['price'] } : {}),
      })),
      hints: [],
    });
  });
}

for (const locale of ['en-US', 'pt-BR'] as const) {
  test(`the detail chart plots the customer's sentiment only, with its trend line (${locale})`, async ({ browser }) => {
    const id = seedSentimentCall(ui.dataDir, locale === 'pt-BR' ? 'pt' : 'en');
    const context = await browser.newContext({ locale });
    const page = await context.newPage();
    try {
      await page.goto(`${ui.url}#/calls/${id}`);
      const chart = page.getByTestId('calls-sentiment-chart');
      await expect(chart.locator('svg').first()).toBeVisible();
      // Three customer lines were scored (and three rep lines, which are not plotted).
      await expect(chart).toHaveAttribute('data-points', '3');
      // Least squares over (18 s, -0.7), (38 s, 0.2), (58 s, 0.1): rising from -0.53 to 0.27.
      await expect(chart).toHaveAttribute('data-trend-start', '-0.53');
      await expect(chart).toHaveAttribute('data-trend-end', '0.27');
      // One mark per customer line; the trend is a second line with no marks.
      await expect(chart.locator('.MuiLineChart-mark')).toHaveCount(3);
      await expect(chart.locator('.MuiLineChart-mark[data-series="customer"]')).toHaveCount(3);
      await expect(chart.locator('.MuiLineChart-line[data-series="customer"]')).toHaveCount(1);
      await expect(chart.locator('.MuiLineChart-line[data-series="trend"]')).toHaveCount(1);
      const legend = locale === 'pt-BR' ? ['Cliente, cada fala', 'Tendência (mínimos quadrados)'] : ['Customer, each line', 'Trend (least squares)'];
      for (const label of legend) await expect(chart.getByText(label)).toBeVisible();
      await expect(page.getByText(locale === 'pt-BR' ? 'Sentimento do cliente' : 'Customer sentiment').first()).toBeVisible();
      await chart.scrollIntoViewIfNeeded();
      await chart.screenshot({ path: screenshotPath(`calls-sentiment-chart-${locale === 'pt-BR' ? 'pt' : 'en'}`) });
    } finally {
      await context.close();
    }
  });
}

test('with the LLM enabled, the summary and e-mail come from an OpenAI-compatible server (127.0.0.1)', async ({ page }) => {
  const prompts: string[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', () => {
      prompts.push(raw);
      const content = JSON.stringify({ summary: 'LLM: the customer pushed back on price.', email: { subject: 'Your proposal', body: 'Hi [NAME], here is the proposal.' } });
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({ id: 'x', object: 'chat.completion', created: 0, model: 'tiny', choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content } }] }),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const { en } = seed(ui.dataDir);
    const llm = { enabled: true, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, model: 'tiny', timeoutMs: 5000 };
    withCoreStore(ui.dataDir, (store) => writeSettingRows(store, [['llm', JSON.stringify(llm)]], Date.now()));
    await page.goto(`${ui.url}#/calls/${en}`);
    await expect(page.getByTestId('calls-summary')).toContainText('LLM: the customer pushed back on price.');
    await expect(page.getByTestId('calls-email')).toHaveValue('Your proposal\n\nHi [NAME], here is the proposal.');
    // The transcript went out redacted.
    expect(prompts.join('')).toContain('HubSpot is cheaper');
    expect(prompts.join('')).not.toContain('John');
    await page.screenshot({ path: screenshotPath('calls-detail-llm'), fullPage: true });
  } finally {
    withCoreStore(ui.dataDir, (store) => run(store, store.db.deleteFrom('settings').where('key', '=', 'llm')));
    await new Promise<void>((r) => server.close(() => r()));
  }
});

/** call-en.wav (and its script) repeated `times` times: a long recording from the fixture. */
function longRecording(times: number): { wav: string; script: string } {
  const wav = fs.readFileSync(path.join(recordings, 'call-en.wav'));
  const at = wav.indexOf('data');
  const size = wav.readUInt32LE(at + 4);
  const pcm = wav.subarray(at + 8, at + 8 + size);
  const header = Buffer.from(wav.subarray(0, at + 8));
  header.writeUInt32LE(size * times, at + 4);
  header.writeUInt32LE(header.length - 8 + size * times, 4);
  const lengthMs = (size / wav.readUInt32LE(28)) * 1000; // byte rate at offset 28
  const script = JSON.parse(fs.readFileSync(path.join(recordings, 'call-en.script.json'), 'utf8')) as { utterances: { startMs: number; endMs: number }[] };
  const utterances = Array.from({ length: times }, (_, i) => script.utterances.map((u) => ({ ...u, startMs: u.startMs + i * lengthMs, endMs: u.endMs + i * lengthMs }))).flat();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'salesedge-long-'));
  fs.writeFileSync(path.join(dir, 'long-call.wav'), Buffer.concat([header, ...Array.from({ length: times }, () => pcm)]));
  fs.writeFileSync(path.join(dir, 'long-call.script.json'), JSON.stringify({ ...script, utterances }));
  return { wav: path.join(dir, 'long-call.wav'), script: path.join(dir, 'long-call.script.json') };
}

test('an import can be cancelled while it runs, and leaves no call', async ({ page }) => {
  const file = longRecording(30); // ~10 minutes, with its reference transcript
  await page.goto(`${ui.url}#/calls`);
  const before = storedCalls(ui.dataDir);
  await page.getByTestId('calls-import-input').setInputFiles([file.wav, file.script]);
  const progress = page.getByTestId('calls-import-progress');
  await expect(progress).toHaveAttribute('data-phase', 'transcribing', { timeout: 60_000 });
  await page.screenshot({ path: screenshotPath('calls-import-running') });
  await page.getByTestId('calls-import-cancel').click();
  await expect(progress).toHaveAttribute('data-phase', 'cancelled', { timeout: 30_000 });
  expect(storedCalls(ui.dataDir)).toBe(before);
  expect(fs.readdirSync(path.join(ui.dataDir, 'imports'))).toEqual([]);
  fs.rmSync(path.dirname(file.wav), { recursive: true, force: true });
});
