import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { screenshotPath, startServeUi, withCoreStore, type UiProcess } from './serve-ui';
import { importDeals } from '../src-main/core/deals/import';
import { trainAndSave } from '../src-main/core/deals/service';
import { startServerProcess, type ServerProcess } from '../sync-server/test-support/server-process';
import { api, callOp, newEnrollmentToken, seedTenants, type TenantFixture } from '../sync-server/test-support/fixture';
import type { TeamResponse } from '../src-shared/sync-protocol';

const repoRoot = path.resolve(__dirname, '..');
const shot = (name: string) => path.join(repoRoot, 'test-results', `${name}.png`);
const DAY = 86_400_000;
const now = Date.now();

// Charts draw without animation (they honour prefers-reduced-motion) and screenshots finish CSS
// transitions (the theme switch), so they show what a person sees once the page settles.
test.use({ reducedMotion: 'reduce' });

let sync: ServerProcess;
let T: TenantFixture;
let ui: UiProcess;

/** A call insight pushed by a rep, with its own objections, competitors and hint use. */
function call(startedAt: number, objections: [string, number][], competitors: [string, number][], hints: { shown: number; used: number }) {
  const op = callOp({ startedAt });
  return { ...op, payload: { ...op.payload, objections: objections.map(([type, count]) => ({ type, count })), competitors: competitors.map(([id, count]) => ({ id, count })), hints: { ...hints, dismissed: 0 } } };
}
// A role-play result as the Simulator page queues it (issue 14): scenario id, pass, category scores.
const sim = (id: string, score: number, startedAt: number, passed = score >= 70) => ({
  opId: `op-sim-${id}`, entity: 'simulation_result', entityId: id, op: 'upsert', clientTs: now,
  payload: { sessionId: id, scenario: 'cost-cutting-renewal', persona: 'cfo-conservative', language: 'pt', startedAt, endedAt: null, score, passed, categories: { objection: score, empathy: 100, discovery: score, technique: 50 } },
});
const forecast = (id: string, amount: number, expectedValue: number | null, createdAt: number, extra: Record<string, unknown> = {}) => ({
  opId: `op-forecast-${id}`, entity: 'forecast', entityId: id, op: 'upsert', clientTs: now,
  payload: { forecastId: id, dealId: `deal-${id}`, dealName: `Deal ${id}`, stage: 'proposal', amount, winProbability: 0.4, expectedValue, closeDate: null, model: 'logreg-v1', createdAt, ...extra },
});
const modelCard = { trainedAt: now - 2 * DAY, deals: 6711, auc: 0.49, brier: 0.2359, baseRateBrier: 0.2354, baseRate: 0.632, informative: false };

async function push(token: string, ops: unknown[]): Promise<void> {
  const res = await api(sync.url, 'POST', '/v1/sync/push', { token, body: { protocol: 1, ops } });
  if (res.status !== 200) throw new Error(`push failed: ${res.status} ${JSON.stringify(res.body)}`);
}

/** The range the page's "last N days" preset asks for: local midnight N-1 days ago to the end of today. */
function lastDays(days: number): { from: number; to: number } {
  const d = new Date();
  return { from: new Date(d.getFullYear(), d.getMonth(), d.getDate() - (days - 1)).getTime(), to: new Date(d.getFullYear(), d.getMonth(), d.getDate(), 23, 59, 59, 999).getTime() };
}

async function serverTeam(token: string, range: { from: number; to: number }): Promise<TeamResponse> {
  const res = await api(sync.url, 'GET', `/v1/team?from=${range.from}&to=${range.to}`, { token });
  expect(res.status).toBe(200);
  return res.body as TeamResponse;
}

/** Money in the UI language with its currency (bare for a forecast without one), one per currency. */
const money = (n: number, currency: string, lang: string) => (currency === 'XXX' ? new Intl.NumberFormat(lang, { maximumFractionDigits: 0 }) : new Intl.NumberFormat(lang, { style: 'currency', currency, maximumFractionDigits: 0 })).format(n);
function amounts(by: TeamResponse['team']['forecastsByCurrency'], key: 'amount' | 'expected', lang: string): string {
  const list = Object.entries(by)
    .sort((a, b) => (a[0] === 'XXX' ? 1 : b[0] === 'XXX' ? -1 : a[0].localeCompare(b[0])))
    .map(([c, v]) => money(v[key], c, lang));
  return list.length ? list.join(' · ') : '—';
}

/** The figures on the page are the server's, formatted for the UI language. */
async function expectFigures(page: Page, expected: TeamResponse, lang: string): Promise<void> {
  const count = (n: number) => new Intl.NumberFormat(lang).format(n);
  const rate = (r: number | null) => (r === null ? '—' : new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 0 }).format(r));
  const score = (s: number | null) => (s === null ? '—' : new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(s));
  await expect(page.getByTestId('team-card-calls-value')).toHaveText(count(expected.team.callsAnalysed));
  await expect(page.getByTestId('team-card-hint-use-value')).toHaveText(rate(expected.team.hintUseRate));
  await expect(page.getByTestId('team-card-sim-score-value')).toHaveText(score(expected.team.avgSimulationScore));
  await expect(page.getByTestId('team-card-forecast-value')).toHaveText(amounts(expected.team.forecastsByCurrency, 'amount', lang));
  await expect(page.getByTestId('team-card-forecast-detail')).toContainText(amounts(expected.team.forecastsByCurrency, 'expected', lang));
  const rows = page.getByTestId('team-row');
  await expect(rows).toHaveCount(expected.reps.length);
  for (const [i, rep] of expected.reps.entries()) {
    const row = rows.nth(i);
    await expect(row.getByTestId('team-row-email')).toHaveText(rep.email);
    await expect(row.getByTestId('team-row-calls')).toHaveText(count(rep.callsAnalysed));
    await expect(row.getByTestId('team-row-hint-use')).toHaveText(rate(rep.hintUseRate));
    await expect(row.getByTestId('team-row-sim-count')).toHaveText(count(rep.simulations));
    await expect(row.getByTestId('team-row-sim-score')).toHaveText(score(rep.avgSimulationScore));
    await expect(row.getByTestId('team-row-forecast')).toHaveText(amounts(rep.forecastsByCurrency, 'amount', lang));
  }
}

test.beforeAll(async () => {
  sync = await startServerProcess({ args: ['--device-rps', '1000', '--auth-per-minute', '1000'] });
  [T] = (await seedTenants({ url: sync.url, dataDir: sync.dataDir }, ['acme'])) as [TenantFixture];
  await push(T.rep.accessToken, [
    call(now - 1 * DAY, [['price', 3]], [['acme-crm', 1]], { shown: 4, used: 3 }),
    call(now - 20 * DAY, [['timing', 1]], [], { shown: 2, used: 0 }),
    sim('r1', 85, now - 2 * DAY),
  ]);
  await push(T.rep2.accessToken, [
    call(now - 3 * DAY, [['budget', 2], ['price', 1]], [['salesforce', 2]], { shown: 5, used: 1 }),
    // A stalled deal in BRL, a low-chance one in USD (an informative model), an old one from a device that sent no currency.
    forecast('f1', 250_000, 100_000, now - 2 * DAY, { currency: 'BRL', stalled: true, model: 'win-rate', winProbability: 0.632, modelCard }),
    forecast('f3', 40_000, 8_000, now - 2 * DAY, { currency: 'USD', model: 'lr-l2', winProbability: 0.2, previousProbability: 0.45, modelCard }),
    forecast('f2', 80_000, null, now - 40 * DAY),
    sim('r2a', 60, now - DAY),
    sim('r2b', 75, now - DAY + 3600_000),
  ]);
  // The manager's laptop: a data dir enrolled with the server by the real CLI, then served.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'salesedge-team-'));
  const token = await newEnrollmentToken(sync, 'acme', 'manager@acme.test');
  const enrolled = spawnSync(process.execPath, [path.join(repoRoot, 'bin/salesedge.js'), '--data-dir', dataDir, '--json', 'sync', '--server', sync.url, '--enroll', token], { cwd: repoRoot, encoding: 'utf8' });
  if (enrolled.status !== 0) throw new Error(`salesedge sync --enroll failed: ${enrolled.stderr}`);
  ui = await startServeUi({ dataDir });
});
test.afterAll(async () => {
  await ui?.stop();
  await sync?.kill();
});

test('a manager sees the team figures the server computes, by period, in both languages and themes', async ({ page }) => {
  const month = await serverTeam(T.manager.accessToken, lastDays(30));
  const week = await serverTeam(T.manager.accessToken, lastDays(7));
  // What was pushed, so the comparison below is between meaningful figures.
  expect(month.team).toMatchObject({ callsAnalysed: 3, hintsShown: 11, hintsUsed: 4, objections: { price: 4, timing: 1, budget: 2 }, avgSimulationScore: 220 / 3 });
  expect(month.team.forecastsByCurrency).toEqual({ BRL: { count: 1, amount: 250_000, expected: 100_000 }, USD: { count: 1, amount: 40_000, expected: 8_000 } });
  expect(week.team).toMatchObject({ callsAnalysed: 2, hintsShown: 9, hintsUsed: 4 });

  await page.goto(`${ui.url}#/team`);
  await expect(page.getByRole('heading', { name: 'Team', exact: true })).toBeVisible();
  await expect(page.getByTestId('team-scope')).toHaveText('Every rep of ACME, from the sync server.');
  await expect(page.getByTestId('team-rep-only')).toHaveCount(0);
  await expect(page.getByTestId('team-preset-30')).toHaveAttribute('aria-pressed', 'true');
  await expectFigures(page, month, 'en');
  const rep = page.getByTestId('team-row').filter({ hasText: 'rep@acme.test' });
  await expect(rep.getByTestId('team-row-objections')).toHaveText('Price ×3Timing ×1');
  const objections = page.getByTestId('team-chart-objections');
  for (const label of ['Price', 'Budget', 'Timing']) await expect(objections.getByText(label, { exact: true })).toBeVisible();
  const competitors = page.getByTestId('team-chart-competitors');
  // Competitors by the names people know (a known id's battlecard name; an unknown id as it came).
  for (const name of ['Salesforce', 'acme-crm']) await expect(competitors.getByText(name, { exact: true })).toBeVisible();
  await expect(competitors.getByText('salesforce', { exact: true })).toHaveCount(0);
  // Role-play practice: the team's average per category and the scenario it fails most, by its title.
  await expect(page.getByTestId('team-practice-objection-value')).toHaveText(new Intl.NumberFormat('en', { maximumFractionDigits: 1 }).format(month.team.avgSimulationCategories!.objection));
  await expect(page.getByTestId('team-practice-categories')).toContainText('2 of 3 runs passed');
  await expect(page.getByTestId('team-practice-failing-row')).toHaveText('A proposal in a year of cost cutsfailed: 1 of 3');
  // The trend: later runs against earlier ones (rep2 went from 60 to 75 in objections and discovery; one run: no trend).
  await expect(page.getByTestId('team-row').filter({ hasText: 'rep2@acme.test' }).getByTestId('team-row-sim-trend')).toHaveText('↑ +7.5');
  await expect(rep.getByTestId('team-row-sim-trend')).toHaveText('—');
  await expect(page.getByTestId('team-practice-objection-trend')).toHaveText('↓ −10');
  // Amounts with their currency, never added across currencies.
  await expect(page.getByTestId('team-card-forecast-value')).toHaveText('R$250,000 · $40,000');
  // The manager's roll-up: no quota yet; set one for the quarter in BRL; coverage = expected / quota.
  await expect(page.getByTestId('team-rollup-BRL-quota')).toHaveText('no quota set');
  await page.getByTestId('team-quota-amount').fill('400,000');
  await page.getByTestId('team-quota-save').click();
  await expect(page.getByTestId('team-rollup-BRL-quota')).toHaveText('quota R$400,000');
  await expect(page.getByTestId('team-rollup-BRL-expected')).toHaveText('Expected R$100,000');
  await expect(page.getByTestId('team-rollup-BRL-coverage')).toHaveText('25% coverage');
  await expect(page.getByTestId('team-rollup-USD-quota')).toHaveText('no quota set');
  // At-risk deals by rep: the stalled BRL deal and the USD deal whose chance is low and fell.
  const risky = page.getByTestId('team-at-risk-row');
  await expect(risky).toHaveCount(2);
  await expect(risky.nth(0)).toContainText('rep2@acme.test (2 deals)');
  await expect(risky.nth(0).getByTestId('team-at-risk-amount')).toHaveText('R$250,000');
  await expect(risky.nth(0).getByTestId('team-at-risk-stalled')).toHaveText('stalled');
  await expect(risky.nth(1).getByTestId('team-at-risk-amount')).toHaveText('$40,000');
  await expect(risky.nth(1).getByTestId('team-at-risk-chance')).toHaveText('45% → 20%');
  await expect(risky.nth(1).getByTestId('team-at-risk-low')).toHaveText('low chance');
  await expect(risky.nth(1).getByTestId('team-at-risk-drift')).toHaveText('chance dropped');
  await expect(page.getByTestId('team-model-row')).toHaveText('rep2@acme.test: 6,711 deals, back-test AUC 0.49, Brier 0.2359 against the win rate\'s 0.2354 — no better than the win rate: every deal gets 63%');
  await page.screenshot({ path: shot('team-manager-light'), fullPage: true, animations: 'disabled' });

  await page.getByTestId('team-preset-7').click();
  await expectFigures(page, week, 'en');
  await expect(objections.getByText('Timing', { exact: true })).toHaveCount(0);

  // A custom range: the last 90 days reach the older forecast; a reversed range is refused in place.
  await page.getByTestId('team-from').fill(new Date(lastDays(90).from).toLocaleDateString('sv'));
  await expect(page.getByTestId('team-preset-custom')).toHaveAttribute('aria-pressed', 'true');
  await page.getByTestId('team-to').fill(new Date(lastDays(7).to).toLocaleDateString('sv'));
  await expectFigures(page, await serverTeam(T.manager.accessToken, lastDays(90)), 'en');
  await expect(page.getByTestId('team-card-forecast-value')).toHaveText('R$250,000 · $40,000 · 80,000');
  await expect(page.getByTestId('team-rollup-XXX-coverage')).toHaveText('no currency (older devices)');
  await page.getByTestId('team-from').fill(new Date(now + 3 * DAY).toLocaleDateString('sv'));
  await expect(page.getByText('The start date is after the end date.')).toBeVisible();

  await page.getByTestId('team-preset-30').click();
  await expectFigures(page, month, 'en');
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect.poll(() => page.evaluate<string>('getComputedStyle(document.body).backgroundColor')).not.toBe('rgb(255, 255, 255)');
  await page.screenshot({ path: shot('team-manager-dark'), fullPage: true, animations: 'disabled' });
  await page.emulateMedia({ colorScheme: 'light' });

  // Portuguese: labels, the translated objection taxonomy, and pt-BR number formats.
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('setting-uiLanguage').locator('..').click();
  await page.getByRole('option', { name: 'Português (Brasil)' }).click();
  await page.getByTestId('nav-team').click();
  await expect(page.getByRole('heading', { name: 'Equipe', exact: true })).toBeVisible();
  await expect(page.getByTestId('team-card-calls')).toContainText('Chamadas analisadas');
  await expect(page.getByTestId('team-preset-30')).toHaveText('Últimos 30 dias');
  await expect(objections.getByText('Preço', { exact: true })).toBeVisible();
  await expect(rep.getByTestId('team-row-objections')).toHaveText('Preço ×3Momento ×1');
  await expectFigures(page, month, 'pt-BR');
  await expect(page.getByTestId('team-card-forecast-value')).toHaveText('R$ 250.000 · US$ 40.000');
  await expect(page.getByTestId('team-rollup')).toContainText(`Trimestre ${month.rollup!.period}: receita esperada contra a meta`);
  await expect(page.getByTestId('team-rollup-BRL-expected')).toHaveText('Esperado R$ 100.000');
  await expect(page.getByTestId('team-rollup-BRL-quota')).toHaveText('meta R$ 400.000');
  await expect(page.getByTestId('team-rollup-BRL-coverage')).toHaveText('cobertura de 25%');
  await expect(page.getByTestId('team-at-risk-row').nth(1).getByTestId('team-at-risk-low')).toHaveText('chance baixa');
  await expect(page.getByTestId('team-at-risk-row').nth(0)).toContainText('rep2@acme.test (2 negócios)');
  await page.screenshot({ path: shot('team-manager-pt'), fullPage: true, animations: 'disabled' });

  // The Deals page of the same manager: this device's expected revenue for the quarter against the team quota set above.
  withCoreStore(ui.dataDir, (store) => {
    for (const f of ['maven/sales_pipeline.csv', 'exports/salesforce-pt.csv']) importDeals(store, path.join(repoRoot, 'test/fixtures/crm', f));
    trainAndSave(store, { bootstraps: 5 });
  });
  await page.getByTestId('nav-deals').click();
  const line = page.getByTestId('deals-quota');
  await expect(line).toContainText(`Meta da equipe para ${month.rollup!.period} (definida na página Equipe): R$ 400.000 · esperado aqui R$`);
  await expect(line).toContainText(/cobertura de \d+%$/);
  await page.getByTestId('deals-health').screenshot({ path: screenshotPath('deals-quota-pt'), animations: 'disabled' });
});

test('not enrolled: the page says so and leads to Settings → Sync; a rep then sees only their own data', async ({ page }) => {
  const fresh = await startServeUi();
  try {
    await page.goto(`${fresh.url}#/team`);
    await expect(page.getByTestId('empty-state')).toContainText('Team view needs the sync server');
    await page.screenshot({ path: shot('team-not-enrolled'), animations: 'disabled' });
    await page.getByTestId('team-open-sync').click();
    await expect(page).toHaveURL(/#\/settings\/sync$/);
    await expect(page.getByTestId('sync-enroll-token')).toBeInViewport();
    await page.getByTestId('sync-enroll-server').fill(sync.url);
    await page.getByTestId('sync-enroll-token').fill(await newEnrollmentToken(sync, 'acme', 'rep@acme.test'));
    await page.getByTestId('sync-enroll').click();
    await expect(page.getByTestId('sync-user')).toContainText('rep@acme.test');

    await page.getByTestId('nav-team').click();
    await expect(page.getByTestId('team-rep-only')).toHaveText('You see only your own data. Managers see every rep of ACME.');
    const own = await serverTeam(T.rep.accessToken, lastDays(30));
    expect(own.reps.map((r) => r.email)).toEqual(['rep@acme.test']);
    await expectFigures(page, own, 'en');
    await page.screenshot({ path: shot('team-rep'), fullPage: true, animations: 'disabled' });

    // The server goes away: the figures cannot be refreshed, and the page says why in one line.
    await sync.kill();
    await page.getByTestId('team-refresh').click();
    await expect(page.getByTestId('team-error')).toHaveText(`Team figures could not be loaded: cannot reach the sync server at ${sync.url} (ECONNREFUSED)`);
    await page.screenshot({ path: shot('team-unreachable'), animations: 'disabled' });
  } finally {
    await fresh.stop();
  }
});
