// Follow-ups that happen (issue 15, point 4) in Chromium against the real core (salesedge
// serve-ui): calls linked to deals that ended have their follow-up task (the core made it, as
// at call end); the Deals page lists them, due first, with the drafted e-mail; done, snooze
// (until a date) and reopen; the Deals nav item's badge counts the due ones. pt-BR and English.
import path from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { openAt, screenshotPath, startServeUi, withCoreStore, type UiProcess } from './serve-ui';
import { seedCall } from '../src-main/core/calls/seed-calls';
import { enCall, ptCall } from '../src-main/core/calls/sample-calls';
import { linkCall } from '../src-main/core/deals/link';
import { importDeals } from '../src-main/core/deals/import';
import { ensureFollowUpTask } from '../src-main/core/calls/follow-up-tasks';

const fixtures = path.resolve(__dirname, '../test/fixtures/crm/exports');
test.use({ reducedMotion: 'reduce' });

const DAY = 86_400_000;
let ui: UiProcess;
test.beforeAll(async () => {
  ui = await startServeUi({ env: { SALESEDGE_WHISPER_MODEL: '', SALESEDGE_MODELS_DIR: '', SALESEDGE_HUBSPOT_TOKEN: '' } });
});
test.afterAll(async () => {
  await ui?.stop();
});

/** Two ended calls linked to deals: one ten days ago (its follow-up is due), one now (due in two working days). */
function seed(lang: 'pt' | 'en') {
  withCoreStore(ui.dataDir, (store) => {
    importDeals(store, path.join(fixtures, lang === 'pt' ? 'salesforce-pt.csv' : 'hubspot-en.csv'));
    const deals = lang === 'pt' ? ['0065g00000AbC04', '0065g00000AbC03'] : ['9845120333', '9845120334'];
    const make = lang === 'pt' ? ptCall : enCall;
    const old = seedCall(store, make({ title: lang === 'pt' ? 'Revisão da proposta' : 'Proposal review', startedAt: Date.now() - 10 * DAY }));
    const fresh = seedCall(store, make({ title: lang === 'pt' ? 'Descoberta' : 'Discovery', startedAt: Date.now() - 60_000 }));
    linkCall(store, old, deals[0]);
    linkCall(store, fresh, deals[1]);
    ensureFollowUpTask({ store }, old);
    ensureFollowUpTask({ store }, fresh);
  });
}

const open = (browser: Browser, locale: 'pt-BR' | 'en-US') => openAt(browser, `${ui.url}#/deals`, locale);
/** The count on the Deals nav item (inside the nav button, whose children are presentational to ARIA: found by its class). */
const badge = (page: Page) => page.getByTestId('nav-deals').locator('.MuiBadge-badge');
async function shoot(page: Page, name: string): Promise<void> {
  // Not mid-animation: the snooze menu closed, the badge at full size or shrunk away.
  await expect(page.getByTestId('tasks-snooze-menu')).toBeHidden();
  const shown = (await page.getByTestId('tasks-badge').getAttribute('data-due')) !== '0';
  await expect.poll(() => badge(page).evaluate((el) => el.ownerDocument.defaultView!.getComputedStyle(el).transform)).toMatch(shown ? /^matrix\(1, 0, 0, 1, / : /^matrix\(0, 0, 0, 0, /);
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: screenshotPath(name), fullPage: true });
}

test('Follow-ups em português: a lista com o vencido primeiro, o e-mail rascunhado, adiar até uma data, concluir, reabrir; o selo conta os vencidos', async ({ browser }) => {
  seed('pt');
  const { page, close } = await open(browser, 'pt-BR');
  try {
    const panel = page.getByTestId('tasks-panel');
    await expect(panel).toContainText('Follow-ups');
    const rows = panel.getByTestId('tasks-row');
    await expect(rows).toHaveCount(2);
    await expect(rows.first().getByTestId('tasks-status')).toHaveText('Vence agora');
    await expect(rows.nth(1).getByTestId('tasks-status')).toHaveText(/^Vence em /);
    await expect(page.getByTestId('tasks-due-count')).toHaveText('1 vencido');
    await expect(page.getByTestId('tasks-badge')).toHaveAttribute('data-due', '1');
    await expect(badge(page)).toHaveText('1');
    await expect(badge(page)).toHaveAttribute('aria-label', '1 follow-up vencido');
    // The drafted e-mail, on a click.
    await rows.first().getByTestId('tasks-title').click();
    await expect(rows.first().getByTestId('tasks-body')).toContainText(/Mariana/);
    await expect(rows.first().locator('.MuiCollapse-entered')).toBeVisible(); // opened, not mid-animation
    await shoot(page, 'tasks-pt');

    // Snoozed until a date: no longer due, the badge goes.
    await rows.first().getByTestId('tasks-snooze').click();
    await page.getByTestId('tasks-snooze-date').fill('2999-01-02');
    await page.getByTestId('tasks-snooze-apply').click();
    await expect(badge(page)).toHaveClass(/MuiBadge-invisible/);
    await expect(page.getByTestId('tasks-badge')).toHaveAttribute('data-due', '0');
    await expect(panel.locator('[data-status="snoozed"]').getByTestId('tasks-status')).toHaveText(/^Adiado até 2 de jan\. de 2999/);
    await shoot(page, 'tasks-pt-snoozed');

    // Done, then reopened: due again, the badge back.
    const snoozed = panel.locator('[data-status="snoozed"]');
    await snoozed.getByTestId('tasks-done').click();
    await expect(panel.locator('[data-status="done"]').getByTestId('tasks-status')).toHaveText('Concluído');
    await panel.locator('[data-status="done"]').getByTestId('tasks-reopen').click();
    await expect(badge(page)).toHaveText('1');
    await expect(rows.first().getByTestId('tasks-status')).toHaveText('Vence agora');
  } finally {
    await close();
  }
});

test('Follow-ups in English: due first, snooze tomorrow, done; the badge', async ({ browser }) => {
  seed('en');
  const { page, close } = await open(browser, 'en-US');
  try {
    const panel = page.getByTestId('tasks-panel');
    await expect(panel.getByRole('heading', { name: 'Follow-ups' }).or(panel.getByText('Follow-ups', { exact: true }))).toBeVisible();
    // The pt tasks of the first test are still there (one due again): two due now.
    await expect(badge(page)).toHaveText('2');
    await expect(badge(page)).toHaveAttribute('aria-label', '2 follow-ups due');
    await expect(page.getByTestId('tasks-due-count')).toHaveText('2 due');
    const due = panel.locator('[data-due="true"]');
    await expect(due).toHaveCount(2);
    await expect(panel).toContainText('Fabrikam - Enterprise · Proposal review');
    await expect(panel.locator('[data-due="false"]').first().getByTestId('tasks-status')).toHaveText(/^Due /);
    await shoot(page, 'tasks-en');

    const fabrikam = panel.getByTestId('tasks-row').filter({ hasText: 'Fabrikam' });
    await fabrikam.getByTestId('tasks-snooze').click();
    await page.getByTestId('tasks-snooze-tomorrow').click();
    await expect(fabrikam.getByTestId('tasks-status')).toHaveText(/^Snoozed until /);
    await expect(badge(page)).toHaveText('1');
    await panel.locator('[data-due="true"]').getByTestId('tasks-done').click();
    await expect(badge(page)).toHaveClass(/MuiBadge-invisible/);
    await expect(page.getByTestId('tasks-due-count')).toHaveCount(0);
    await shoot(page, 'tasks-en-done');
  } finally {
    await close();
  }
});
