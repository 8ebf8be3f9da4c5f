// The Simulator page (issue 14) in Chromium against the real core (`salesedge serve-ui`), in
// both languages: pick a scenario and buyer, role-play typed (the buyer answers each turn),
// see the score with each check and the transcript line that decided it, the feedback, and the
// history chart per category; the run is in the core's SQLite and queued for sync.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { fullPageShot, openAt, screenshotPath, startServeUi, withCoreStore, type UiProcess } from './serve-ui';
import { simulationHistory } from '../src-main/core/simulator/history';
import { nextBatch } from '../src-main/core/store/outbox';
import { seedCall } from '../src-main/core/calls/seed-calls';
import { enCall } from '../src-main/core/calls/sample-calls';
import { startServerProcess, type ServerProcess } from '../sync-server/test-support/server-process';
import { newEnrollmentToken, seedTenants } from '../sync-server/test-support/fixture';

let ui: UiProcess;
test.use({ reducedMotion: 'reduce' });
test.beforeAll(async () => {
  ui = await startServeUi({ env: { SALESEDGE_WHISPER_MODEL: '', SALESEDGE_MODELS_DIR: '' } });
});
test.afterAll(async () => {
  await ui?.stop();
});

const open = (browser: Browser, locale: 'pt-BR' | 'en-US') => openAt(browser, `${ui.url}#/simulator`, locale);

const shoot = fullPageShot;

async function say(page: Page, text: string): Promise<void> {
  const reps = await page.getByTestId('sim-line-rep').count();
  const buyers = await page.getByTestId('sim-line-buyer').count();
  await page.getByTestId('sim-input').fill(text);
  await page.getByTestId('sim-input').press('Enter');
  await expect(page.getByTestId('sim-line-rep')).toHaveCount(reps + 1);
  // The buyer answers every turn; its closing line also starts the scoring (the result, or the "scoring" note).
  await expect.poll(async () => (await page.getByTestId('sim-line-buyer').count()) > buyers || (await page.getByTestId('sim-result').isVisible()), { timeout: 30_000 }).toBe(true);
}

const GOOD_PT = [
  'Entendo, é um ano de corte e faz sentido olhar cada gasto. Me conta: o que mais pesa na decisão pra senhora hoje?',
  'Faz sentido essa preocupação. Nossos clientes usam em média 90% das licenças, e o retorno vem em quatro meses porque cada vendedor ganha cinco horas por semana.',
  'Compreendo que o orçamento está fechado. Podemos começar com um piloto de dez licenças em fases, pago no próximo trimestre. Isso caberia no centro de custo?',
  'É justo, o jurídico precisa se sentir seguro. Posso oferecer contrato anual com cláusula de saída e teto de reajuste pelo IPCA. Que termos o jurídico aceita?',
  'Próximo passo: agendo na terça às 10h uma reunião de trinta minutos com o seu comitê para aprovar o piloto, combinado?',
];

test('Simulador em português: um role-play digitado até o fim, a nota com cada critério e o momento, o histórico', async ({ browser }) => {
  const { page, close } = await open(browser, 'pt-BR');
  try {
    await expect(page.getByRole('heading', { name: 'Simulador' })).toBeVisible();
    await expect(page.getByTestId('sim-history-empty')).toBeVisible();
    await expect(page.getByTestId('sim-scenario')).toContainText('Proposta num ano de corte de custos');
    await expect(page.getByTestId('sim-persona')).toContainText('CFO');
    await expect(page.getByTestId('sim-scenario-details')).toContainText('Objeções esperadas');
    // The rep's own call script: one key point a line.
    await page.getByTestId('sim-script').fill('1. Perguntar o que mais pesa na decisão\n2. Falar da integração com o SAP');
    await shoot(page, 'simulator-setup-pt');
    await page.getByTestId('sim-start').click();
    await expect(page.getByTestId('sim-line-buyer')).toHaveCount(1);
    await expect(page.getByTestId('sim-timer')).toContainText('Tempo 0:0');
    // Pause: the rep cannot answer while the meeting is paused.
    await page.getByTestId('sim-pause').click();
    await expect(page.getByTestId('sim-paused')).toBeVisible();
    await expect(page.getByTestId('sim-input')).toBeDisabled();
    await page.getByTestId('sim-pause').click();
    for (const line of GOOD_PT.slice(0, 2)) await say(page, line);
    await shoot(page, 'simulator-run-pt');
    for (const line of GOOD_PT.slice(2)) await say(page, line);

    const result = page.getByTestId('sim-result');
    // Finishing scores the run with the sentiment model too (loaded on the first finish).
    await expect(result).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('sim-passed')).toHaveText('Aprovado');
    await expect(page.getByTestId('sim-outcome')).toHaveText('Próximo passo combinado');
    await expect(page.getByTestId('sim-categories')).toContainText('Tratamento de objeções');
    // Each check with its moment: the rep's turn and its words, or the run as a whole.
    const answered = page.locator('[data-check="objection.price.answered"]');
    await expect(answered).toContainText('Respondeu à objeção sobre Preço');
    await expect(answered.getByTestId('sim-check-moment')).toContainText('sua fala 2: «Faz sentido essa preocupação.');
    await expect(page.locator('[data-check="technique.talk-ratio"]').getByTestId('sim-check-moment')).toHaveText('a conversa toda');
    expect(await page.getByTestId('sim-feedback').locator('li').count()).toBeGreaterThanOrEqual(2);
    await expect(page.getByTestId('sim-script-result')).toContainText('Seu roteiro: 1 de 2 pontos-chave cobertos');
    await expect(page.getByTestId('sim-script-point').first()).toHaveAttribute('data-covered', 'true');
    await expect(page.getByTestId('sim-script-point').first()).toContainText('sua fala 1: «Entendo');
    await expect(page.getByTestId('sim-script-point').nth(1)).toHaveAttribute('data-covered', 'false');
    await expect(page.getByTestId('sim-history-count')).toHaveText('1 role-play');
    await expect(page.getByTestId('sim-history-chart').locator('svg').first()).toBeVisible();
    await shoot(page, 'simulator-result-pt');

    // Stored in the core's SQLite and queued for sync.
    const stored = withCoreStore(ui.dataDir, (store) => ({ runs: simulationHistory(store, { limit: 10 }), ops: nextBatch(store, 10).map((r) => r.entity) }), { readonly: true });
    expect(stored.runs).toHaveLength(1);
    expect(stored.runs[0]).toMatchObject({ scenario: 'cost-cutting-renewal', persona: 'cfo-conservative', language: 'pt', mode: 'typed', passed: true });
    expect(stored.ops).toContain('simulation_result');

    // A poor run, ended early by the rep: not passed, and the history chart has two runs.
    await page.getByTestId('sim-again').click();
    await expect(page.getByTestId('sim-line-buyer')).toHaveCount(1);
    await say(page, 'Nossa ferramenta é a melhor do mercado, todo mundo usa.');
    await say(page, 'Posso te dar um desconto de 20% se fechar hoje.');
    await page.getByTestId('sim-end').click();
    await expect(page.getByTestId('sim-passed')).toHaveText('Não aprovado', { timeout: 30_000 });
    await expect(page.locator('[data-check="objection.no-early-discount"]')).toHaveAttribute('data-passed', 'false');
    await expect(page.getByTestId('sim-history-count')).toHaveText('2 role-plays');
    await expect(page.getByTestId('sim-history-row')).toHaveCount(2);
    // Opening a past run from the history shows it again.
    await page.getByTestId('sim-history-row').nth(1).click();
    await expect(page.getByTestId('sim-passed')).toHaveText('Aprovado');
    // Deleting it: gone from the history (and from the core's SQLite).
    await page.getByTestId('sim-delete').click();
    await expect(page.getByTestId('sim-history-row')).toHaveCount(1);
    await expect(page.getByTestId('sim-setup')).toBeVisible();
    expect(withCoreStore(ui.dataDir, (store) => simulationHistory(store, { limit: 10 }).map((r) => r.passed), { readonly: true })).toEqual([false]);
  } finally {
    await close();
  }
});

test('Simulator in English: an English meeting with another buyer, scored in English', async ({ browser }) => {
  const { page, close } = await open(browser, 'en-US');
  try {
    await expect(page.getByRole('heading', { name: 'Simulator' })).toBeVisible();
    await page.getByTestId('sim-scenario').click();
    await page.getByTestId('sim-scenario-architecture-review').click();
    await expect(page.getByTestId('sim-persona')).toContainText('technical evaluator');
    await page.getByTestId('sim-language-en').click();
    await page.getByTestId('sim-start').click();
    await expect(page.getByTestId('sim-line-buyer')).toHaveCount(1);
    for (const line of [
      'I hear you, rollouts are painful when IT is stretched. How many people would need to use it in the first month?',
      'Makes sense. Our team handles the onboarding and training, SSO is included, and most customers are live in two weeks without IT work.',
      'Fair question. We have reference customers your size, we are SOC 2 audited and the data stays on the laptop. Would a reference call help?',
      'I understand, switching is work. The difference is the integration: it runs offline, in Portuguese, and we assist the migration during a side by side trial.',
      "Next step: I'll book the proof of concept with your team on Thursday at 2 pm. Does that work?",
    ]) await say(page, line);
    await expect(page.getByTestId('sim-result')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('sim-passed')).toHaveText('Passed');
    await expect(page.locator('[data-check="objection.complexity.answered"]')).toContainText('Answered the objection about Complexity');
    await expect(page.locator('[data-check="objection.complexity.answered"]').getByTestId('sim-check-moment')).toContainText('your turn');
    await expect(page.getByTestId('sim-feedback')).not.toContainText(/[ãçõ]/);
    await expect(page.getByTestId('sim-history-count')).toHaveText(/^\d+ runs?$/);
    await page.getByTestId('sim-result-transcript-toggle').click();
    await expect(page.getByTestId('sim-result-transcript').getByTestId('sim-line-rep')).toHaveCount(5);
    await expect(page.getByTestId('sim-result-transcript').getByTestId('sim-line-rep').last()).toBeVisible();
    await page.waitForTimeout(400); // the accordion's opening transition, so the screenshot shows it open
    await shoot(page, 'simulator-result-en');
  } finally {
    await close();
  }
});

test('a recorded call scored with the same rubric, from its detail page', async ({ browser }) => {
  const id = withCoreStore(ui.dataDir, (store) => seedCall(store, enCall()));
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  try {
    await page.goto(`${ui.url}#/calls/${id}`);
    await page.getByTestId('call-rubric-run').click();
    await expect(page.getByTestId('call-rubric-result')).toBeVisible();
    // The budget objection was met with a date and no substance: not answered, at the rep's turn.
    const budget = page.locator('[data-check="objection.budget.answered"]');
    await expect(budget).toHaveAttribute('data-passed', 'false');
    await expect(budget).toContainText("your turn 2: «I'll send you the ROI study");
    await expect(page.locator('[data-check="technique.next-step"]')).toHaveAttribute('data-passed', 'true');
    await expect(page.locator('[data-check="discovery.uncovered-concern"]')).toHaveCount(0);
    await page.getByTestId('call-rubric').scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('call-rubric-en') });
  } finally {
    await context.close();
  }
});

// Voice: a serve-ui whose default microphone is an ALSA device fed with espeak-ng speech (what
// PortAudio captures from it is `feed`), so "Speak" goes through the live capture path; a sample
// voice file goes through the same VAD and recogniser. English: without Whisper weights (none on
// this machine) the recogniser is pocketsphinx, which speaks English only.
test.describe('spoken role-play', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'salesedge-e2e-voice-'));
  const feed = path.join(tmp, 'mic.raw');
  const alsa = path.join(tmp, 'asound.conf');
  let voiceUi: UiProcess;
  test.beforeAll(async () => {
    fs.writeFileSync(feed, '');
    fs.writeFileSync(alsa, `</usr/share/alsa/alsa.conf>\npcm.!default { type file; slave.pcm "null"; file "/dev/null"; infile "${feed}"; format "raw" }\n`);
    voiceUi = await startServeUi({ env: { ALSA_CONFIG_PATH: alsa, SALESEDGE_WHISPER_MODEL: '', SALESEDGE_MODELS_DIR: '' } });
  });
  test.afterAll(async () => {
    await voiceUi?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });
  const render = (text: string, out: string, sox: string[]) => {
    const raw = path.join(tmp, 'raw.wav');
    execFileSync('espeak-ng', ['-v', 'en-us', '-s', '150', '-w', raw, text]);
    execFileSync('sox', [raw, ...sox.slice(0, -1), out, ...sox.slice(-1)[0]!.split(' ')]);
  };
  const words = (s: string) => new Set(s.toLowerCase().match(/[a-z]+/g));

  test('answer by voice (a sample voice file, then the microphone), the buyer speaks, text only stops it', async ({ browser }) => {
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    try {
      await page.goto(`${voiceUi.url}#/simulator`);
      await page.getByTestId('sim-scenario').click();
      await page.getByTestId('sim-scenario-architecture-review').click();
      await page.getByTestId('sim-language-en').click();
      await page.getByTestId('sim-start').click();
      await expect(page.getByTestId('sim-line-buyer')).toHaveCount(1);
      // No OS voice in headless Chromium here: the buyer speaks with the bundled synthesiser.
      await expect(page.getByTestId('sim-run')).toHaveAttribute('data-voice', /^(bundled|system)$/);

      // A sample voice file.
      const first = 'I hear you, rollouts are painful. How many people would use it in the first month?';
      const wav = path.join(tmp, 'turn1.wav');
      render(first, wav, ['-r', '16000', '-c', '1', 'pad 0.3 0.8']);
      await page.getByTestId('sim-upload-input').setInputFiles(wav);
      // The recogniser takes about half the turn's length on this VM (docs/benchmarks.md), longer under load.
      await expect(page.getByTestId('sim-line-rep')).toHaveCount(1, { timeout: 60_000 });
      const heard1 = await page.getByTestId('sim-line-rep').first().innerText();
      expect([...words(heard1)].filter((w) => words(first).has(w)).length, heard1).toBeGreaterThanOrEqual(3);
      await expect(page.getByTestId('sim-line-buyer')).toHaveCount(2, { timeout: 30_000 });

      // The microphone, captured by the core as in a live call: the turn ends with the rep's end of speech.
      const second = 'Our team handles onboarding and training, and most customers are live in two weeks.';
      render(second, feed, ['-r', '44100', '-c', '1', '-b', '32', '-e', 'floating-point', '-t', 'raw', 'pad 0.5 2.0']);
      await page.getByTestId('sim-listen').click();
      await expect(page.getByTestId('sim-line-rep')).toHaveCount(2, { timeout: 60_000 });
      const heard2 = await page.getByTestId('sim-line-rep').nth(1).innerText();
      expect([...words(heard2)].filter((w) => words(second).has(w)).length, heard2).toBeGreaterThanOrEqual(3);
      await expect(page.getByTestId('sim-line-buyer')).toHaveCount(3, { timeout: 30_000 });
      await page.evaluate('window.scrollTo(0, 0)');
      await page.screenshot({ path: screenshotPath('simulator-voice-en'), fullPage: true });

      // Text only: the buyer's next lines are not spoken.
      await page.getByTestId('sim-text-only').click();
      await expect(page.getByTestId('sim-run')).toHaveAttribute('data-voice', 'off');
      await page.getByTestId('sim-end').click();
      await expect(page.getByTestId('sim-result')).toBeVisible({ timeout: 30_000 });
      // The spoken turns' audio beside their moments: it plays back.
      const clip = page.getByTestId('sim-clip').first();
      await expect(clip).toBeVisible();
      await clip.click();
      await expect(clip).toHaveAttribute('data-state', 'played');
      const runs = withCoreStore(voiceUi.dataDir, (store) => simulationHistory(store, { limit: 5 }), { readonly: true });
      expect(runs[0]).toMatchObject({ mode: 'voice', scenario: 'architecture-review', language: 'en' });
    } finally {
      await context.close();
    }
  });
});

// The whole way: a role-play on the page, synced to a real sync server, on the Team page.
test.describe('a role-play reaches the team view', () => {
  let sync: ServerProcess;
  let repUi: UiProcess;
  test.beforeAll(async () => {
    sync = await startServerProcess({ args: ['--device-rps', '1000', '--auth-per-minute', '1000'] });
    await seedTenants({ url: sync.url, dataDir: sync.dataDir }, ['simco']);
    repUi = await startServeUi({ env: { SALESEDGE_WHISPER_MODEL: '', SALESEDGE_MODELS_DIR: '' } });
  });
  test.afterAll(async () => {
    await repUi?.stop();
    await sync?.kill();
  });

  test('run on the Simulator page, sync, and the rep sees the practice run and its score on the Team page', async ({ browser }) => {
    const context = await browser.newContext({ locale: 'pt-BR' });
    const page = await context.newPage();
    try {
      await page.goto(`${repUi.url}#/settings/sync`);
      await page.getByTestId('sync-enroll-server').fill(sync.url);
      await page.getByTestId('sync-enroll-token').fill(await newEnrollmentToken(sync, 'simco', 'rep@simco.test'));
      await page.getByTestId('sync-enroll').click();
      await expect(page.getByTestId('sync-user')).toContainText('rep@simco.test');

      await page.getByTestId('nav-simulator').click();
      await page.getByTestId('sim-start').click();
      await expect(page.getByTestId('sim-line-buyer')).toHaveCount(1);
      for (const line of GOOD_PT) await say(page, line);
      await expect(page.getByTestId('sim-result')).toBeVisible({ timeout: 30_000 });
      const score = await page.getByTestId('sim-score').innerText();

      await page.goto(`${repUi.url}#/settings/sync`);
      await page.getByTestId('sync-now').click();
      await expect.poll(() => withCoreStore(repUi.dataDir, (store) => nextBatch(store, 10).length, { readonly: true }), { timeout: 30_000 }).toBe(0);

      await page.getByTestId('nav-team').click();
      const row = page.getByTestId('team-row').filter({ hasText: 'rep@simco.test' });
      await expect(row.getByTestId('team-row-sim-count')).toHaveText('1', { timeout: 30_000 });
      await expect(row.getByTestId('team-row-sim-score')).toHaveText(score.replace('/100', ''));
      await expect(page.getByTestId('team-practice-categories')).toContainText('1 de 1 role-play aprovado');
      await page.evaluate('window.scrollTo(0, 0)');
      await page.screenshot({ path: screenshotPath('simulator-team-pt'), fullPage: true });
    } finally {
      await context.close();
    }
  });
});
