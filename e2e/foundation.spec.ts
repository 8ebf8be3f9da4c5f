import { expect, test } from '@playwright/test';
import { screenshotPath, startServeUi, type UiProcess } from './serve-ui';

let ui: UiProcess;
test.beforeAll(async () => {
  ui = await startServeUi();
});
test.afterAll(async () => {
  await ui?.stop();
});

const PAGES = ['live', 'calls', 'playbooks', 'simulator', 'deals', 'team', 'settings'] as const;

test('refuses requests without the launch token', async ({ request }) => {
  const res = await request.get(`http://127.0.0.1:${ui.port}/`);
  expect(res.status()).toBe(401);
});

test('every page renders through the real core', async ({ page }) => {
  await page.goto(ui.url);
  for (const name of PAGES) {
    await page.getByTestId(`nav-${name}`).click();
    await expect(page.getByTestId(`page-${name}`)).toBeVisible();
    await expect(page.getByTestId(`page-${name}`)).not.toBeEmpty();
    await page.screenshot({ path: screenshotPath(`foundation-${name}`) });
  }
});

test('a setting changed in the UI is kept after a reload (SQLite)', async ({ page }) => {
  await page.goto(`${ui.url}#/settings`);
  // English locale in this browser, so the UI starts in English.
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
  await page.getByTestId('setting-uiLanguage').locator('..').click();
  await page.getByRole('option', { name: 'Português (Brasil)' }).click();
  await expect(page.getByRole('heading', { name: 'Configurações' })).toBeVisible();
  await page.getByLabel('Personalizar respostas com um modelo de linguagem').check();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Configurações' })).toBeVisible();
  await expect(page.getByLabel('Personalizar respostas com um modelo de linguagem')).toBeChecked();
  await page.screenshot({ path: screenshotPath('foundation-settings-pt') });
});

test('Portuguese browsers get pt-BR by default', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'pt-BR' });
  const page = await context.newPage();
  const fresh = await startServeUi();
  try {
    await page.goto(fresh.url);
    await expect(page.getByTestId('nav-calls')).toHaveText('Chamadas');
  } finally {
    await fresh.stop();
    await context.close();
  }
});

test('the dark theme applies and persists', async ({ page }) => {
  const fresh = await startServeUi();
  try {
    await page.goto(`${fresh.url}#/settings`);
    const bg = () => page.evaluate<string>('getComputedStyle(document.body).backgroundColor');
    expect(await bg()).toBe('rgb(255, 255, 255)');
    await page.getByLabel('Theme').click();
    await page.getByRole('option', { name: 'Dark' }).click();
    await expect.poll(bg).not.toBe('rgb(255, 255, 255)');
    await page.reload();
    await expect.poll(bg).not.toBe('rgb(255, 255, 255)');
    await page.screenshot({ path: screenshotPath('foundation-settings-dark') });
  } finally {
    await fresh.stop();
  }
});
