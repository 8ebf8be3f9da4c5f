import { expect, test } from '@playwright/test';
import { screenshotPath, startServeUi, type UiProcess } from './serve-ui';
import { startServerProcess, type ServerProcess } from '../sync-server/test-support/server-process';
import { api, newEnrollmentToken, seedTenants } from '../sync-server/test-support/fixture';

let sync: ServerProcess;
let ui: UiProcess;
test.beforeAll(async () => {
  sync = await startServerProcess();
  await seedTenants({ url: sync.url, dataDir: sync.dataDir }, ['acme']);
  ui = await startServeUi();
});
test.afterAll(async () => {
  await ui?.stop();
  await sync?.kill();
});

// Before the enrollment below: this core is not enrolled yet.
test('a refused enrollment is said in Portuguese in a pt-BR browser', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'pt-BR' });
  const page = await context.newPage();
  try {
    await page.goto(`${ui.url}#/settings`);
    await expect(page.getByTestId('sync-status')).toBeVisible();
    await page.getByTestId('sync-enroll-server').fill(sync.url);
    await page.getByTestId('sync-enroll-token').fill('enr_not-a-real-token');
    await page.getByTestId('sync-enroll').click();
    await expect(page.getByTestId('sync-error')).toContainText('não aceitou as credenciais deste dispositivo');
    await expect(page.getByTestId('sync-error')).not.toContainText('enrollment token');
    await page.screenshot({ path: screenshotPath('sync-error-pt') });
  } finally {
    await context.close();
  }
});

test('Settings → Sync enrolls this device with a real server and syncs tenant playbooks', async ({ page }) => {
  const manager = await api(sync.url, 'POST', '/v1/auth/login', { body: { tenant: 'acme', email: 'manager@acme.test', password: 'correct horse battery', deviceName: 'mgr' } });
  await api(sync.url, 'PUT', '/v1/tenant/playbooks/price', { token: manager.body.accessToken, body: { objectionType: 'price', language: 'en', title: 'Acme price', replies: ['Talk value first'] } });
  await page.goto(`${ui.url}#/settings`);
  await expect(page.getByTestId('sync-status')).toBeVisible();
  await page.getByTestId('sync-enroll-server').fill(sync.url);
  await page.getByTestId('sync-enroll-token').fill('enr_not-a-real-token');
  await page.getByTestId('sync-enroll').click();
  // The server's refusal in the UI's words (notice.sync.error.unauthorized), not its English line.
  await expect(page.getByTestId('sync-error')).toContainText('did not accept this device’s credentials');
  await page.getByTestId('sync-enroll-token').fill(await newEnrollmentToken(sync, 'acme', 'rep@acme.test'));
  await page.getByTestId('sync-enroll').click();
  await expect(page.getByTestId('sync-tenant')).toHaveText('ACME (acme)');
  await expect(page.getByTestId('sync-user')).toContainText('rep@acme.test');
  await page.getByTestId('sync-now').click();
  await expect(page.getByTestId('sync-last')).not.toHaveText('Never');
  await expect(page.getByTestId('sync-pending')).toHaveText('0');
  await page.getByTestId('sync-status').scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath('sync-settings'), fullPage: true });
  // The server's playbook landed in the local store as tenant content.
  await page.getByTestId('nav-playbooks').click();
  await expect(page.getByText('Acme price')).toBeVisible();
  await page.screenshot({ path: screenshotPath('sync-playbooks') });
});
