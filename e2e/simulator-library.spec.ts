// The role-play library as data on the Simulator page (issue 14, point 1), in Chromium against
// the real core (`salesedge serve-ui`) and a real sync server, in English: the rep edits the
// chosen buyer's words (the run's opening is the edited one), restores the default, and a buyer
// the company published through sync replaces the bundled one, read-only.
import { expect, test } from '@playwright/test';
import { screenshotPath, startServeUi, type UiProcess } from './serve-ui';
import { startServerProcess, type ServerProcess } from '../sync-server/test-support/server-process';
import { api, newEnrollmentToken, seedTenants, type TenantFixture } from '../sync-server/test-support/fixture';

let ui: UiProcess;
let sync: ServerProcess;
let tenant: TenantFixture;
test.use({ reducedMotion: 'reduce' });
test.beforeAll(async () => {
  sync = await startServerProcess({ args: ['--device-rps', '1000', '--auth-per-minute', '1000'] });
  [tenant] = (await seedTenants({ url: sync.url, dataDir: sync.dataDir }, ['libco'])) as [TenantFixture];
  ui = await startServeUi({ env: { SALESEDGE_WHISPER_MODEL: '', SALESEDGE_MODELS_DIR: '' } });
});
test.afterAll(async () => {
  await ui?.stop();
  await sync?.kill();
});

test('Simulator in English: edit the buyer (the run opens with the edit), restore it, and a buyer the company published through sync is used, read-only', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  try {
    await page.goto(`${ui.url}#/simulator`);
    await expect(page.getByTestId('sim-persona')).toContainText('Helen Park, conservative CFO');
    await page.getByTestId('sim-language-en').click();
    await page.getByTestId('sim-editor-toggle').click();
    const persona = page.getByTestId('sim-edit-persona');
    await expect(persona.getByTestId('sim-editor-origin')).toHaveText('Default');
    await expect(page.getByTestId('sim-edit-persona-restore')).toBeDisabled();
    await page.getByTestId('sim-edit-persona-name').fill('Helen Park, CFO (my version)');
    await page.getByTestId('sim-edit-persona-opening').fill('Morning. Ten minutes, and make every one of them count.');
    await page.getByTestId('sim-edit-persona-save').click();
    await expect(page.getByTestId('sim-editor-status')).toHaveText('Saved');
    await expect(persona.getByTestId('sim-editor-origin')).toHaveText('Edited');
    await expect(page.getByTestId('sim-persona')).toContainText('Helen Park, CFO (my version)');
    await page.getByTestId('sim-edit-scenario-situation').fill('The proposal went out last week; the CFO wants to talk before approving it');
    await page.getByTestId('sim-edit-scenario-save').click();
    await expect(page.getByTestId('sim-edit-scenario').getByTestId('sim-editor-origin')).toHaveText('Edited');
    await expect(page.getByTestId('sim-scenario-details')).toContainText('the CFO wants to talk before approving it');
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: screenshotPath('simulator-library-edit-en'), fullPage: true });

    // The run plays the edited buyer.
    await page.getByTestId('sim-start').click();
    await expect(page.getByTestId('sim-line-buyer').first()).toContainText('Ten minutes, and make every one of them count.');
    await page.getByTestId('sim-cancel').click();

    // Restore: the default words are back.
    await page.getByTestId('sim-editor-toggle').click();
    await page.getByTestId('sim-edit-persona-restore').click();
    await expect(page.getByTestId('sim-editor-status')).toHaveText('Default restored');
    await expect(page.getByTestId('sim-edit-persona').getByTestId('sim-editor-origin')).toHaveText('Default');
    await expect(page.getByTestId('sim-edit-persona-name')).toHaveValue('Helen Park, conservative CFO');
    await expect(page.getByTestId('sim-persona')).toContainText('Helen Park, conservative CFO');

    // The company publishes its own technical evaluator (English) on the sync server.
    await page.goto(`${ui.url}#/settings/sync`);
    await page.getByTestId('sync-enroll-server').fill(sync.url);
    await page.getByTestId('sync-enroll-token').fill(await newEnrollmentToken(sync, 'libco', 'rep@libco.test'));
    await page.getByTestId('sync-enroll').click();
    await expect(page.getByTestId('sync-user')).toContainText('rep@libco.test');
    const published = await api(sync.url, 'PUT', '/v1/tenant/personas/tech-evaluator.en', {
      token: tenant.manager.accessToken,
      body: {
        id: 'tech-evaluator', language: 'en', name: 'Dana Reyes, Libco platform lead', role: 'Runs the platform team at Libco', temperament: 'analytical', goals: 'Nothing that adds on-call load',
        hiddenConcern: 'Her team was paged all weekend by the last vendor', objections: ['complexity', 'trust', 'competitor'], pushback: 2,
        opening: ['Hi, Dana from Libco. I have read your security page; walk me through the architecture.'], reveal: ['Honestly, the last vendor had my team paged all weekend.'],
      },
    });
    expect(published.status).toBe(200);
    await page.getByTestId('sync-now').click();
    await page.getByTestId('nav-simulator').click();
    await page.getByTestId('sim-language-en').click();
    await page.getByTestId('sim-scenario').click();
    await page.getByTestId('sim-scenario-architecture-review').click();
    await expect(page.getByTestId('sim-persona')).toContainText('Dana Reyes, Libco platform lead', { timeout: 30_000 });
    await page.getByTestId('sim-editor-toggle').click();
    await expect(page.getByTestId('sim-edit-persona').getByTestId('sim-editor-origin')).toHaveText('Company');
    await expect(page.getByTestId('sim-edit-persona-name')).toBeDisabled();
    await expect(page.getByTestId('sim-edit-persona')).toContainText('Your company manages this one');
    // The editor has finished opening (MUI's Collapse), so the screenshot shows it whole.
    await expect(page.locator('[data-testid="sim-editor"] .MuiCollapse-entered')).toBeAttached();
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: screenshotPath('simulator-library-tenant-en'), fullPage: true });
    await page.getByTestId('sim-start').click();
    await expect(page.getByTestId('sim-line-buyer').first()).toContainText('Dana from Libco');
  } finally {
    await context.close();
  }
});
