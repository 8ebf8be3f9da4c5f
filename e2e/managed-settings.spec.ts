// Settings IT manages (issue 16, point 2): every locked control is disabled and says so, in the
// user's language, under a banner that counts them. The lock list reaches the page as the real
// core's app.info would send it under this policy; here the page's WebSocket is routed so the
// answer carries the list (the built CLI reads only the places IT uses, /etc/salesedge on Linux,
// by design). That the core refuses every change to a locked setting, from each OS policy source,
// is proven in src-main/core/policy/gate.test.ts.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { screenshotPath, startServeUi, type UiProcess } from './serve-ui';

/** What app.info says under { settings: { llm: { enabled: false } }, lock: ['theme', 'privacy', 'sync'] }. */
const LOCKED = ['llm.enabled', 'theme', 'privacy', 'privacy.retentionDays', 'privacy.consentReminder', 'privacy.screenCaptureProtection', 'sync', 'sync.serverUrl', 'sync.enabled'];
const MANAGED = 7; // llm.enabled, theme, the three privacy settings, sync.serverUrl and sync.enabled

let ui: UiProcess;
test.beforeAll(async () => {
  ui = await startServeUi({ env: { SALESEDGE_WHISPER_MODEL: '', SALESEDGE_MODELS_DIR: '' } });
});
test.afterAll(async () => {
  await ui?.stop();
});

async function open(browser: Browser, locale: 'pt-BR' | 'en-US'): Promise<{ page: Page; close(): Promise<void> }> {
  const context = await browser.newContext({ locale });
  const page = await context.newPage();
  await page.routeWebSocket(/\/ws(\?|$)/, (ws) => {
    const server = ws.connectToServer();
    const infoIds = new Set<number>();
    ws.onMessage((m) => {
      const msg = JSON.parse(String(m)) as { kind: string; id: number; channel: string };
      if (msg.kind === 'request' && msg.channel === 'app.info') infoIds.add(msg.id);
      server.send(m);
    });
    server.onMessage((m) => {
      const msg = JSON.parse(String(m)) as { kind: string; id: number; ok: boolean; result: { lockedSettings: string[] } };
      if (msg.kind === 'response' && infoIds.has(msg.id) && msg.ok) ws.send(JSON.stringify({ ...msg, result: { ...msg.result, lockedSettings: LOCKED } }));
      else ws.send(m);
    });
  });
  await page.goto(`${ui.url}#/settings`);
  return { page, close: () => context.close() };
}

for (const [locale, words] of [
  ['en-US', { title: 'Settings', banner: `Your organisation manages ${MANAGED} settings on this device (IT policy); they cannot be changed here.`, note: 'Managed by your organisation' }],
  ['pt-BR', { title: 'Configurações', banner: `Sua organização gerencia ${MANAGED} configurações neste dispositivo (política de TI); elas não podem ser alteradas aqui.`, note: 'Gerenciado pela sua organização' }],
] as const) {
  test(`managed settings are locked and say so (${locale})`, async ({ browser }) => {
    const { page, close } = await open(browser, locale);
    try {
      await expect(page.getByRole('heading', { name: words.title })).toBeVisible();
      await expect(page.getByTestId('managed-banner')).toHaveText(words.banner);
      // Each managed switch is disabled with its note under it; a free one is not.
      await expect(page.getByTestId('setting-llmEnabled').locator('input')).toBeDisabled();
      await expect(page.getByTestId('setting-screenCaptureProtection').locator('input')).toBeDisabled();
      await expect(page.getByTestId('setting-screenCaptureProtection').locator('input')).toBeChecked(); // on by default
      await expect(page.getByTestId('setting-uiLanguage')).not.toHaveAttribute('aria-disabled', 'true');
      // Fields and switches together: the theme, the retention, both privacy switches, the LLM switch and the sync server (sync on/off shows once enrolled).
      await expect(page.getByText(words.note, { exact: true })).toHaveCount(6);
      await page.getByTestId('managed-banner').scrollIntoViewIfNeeded();
      await page.screenshot({ path: screenshotPath(`managed-settings-${locale === 'pt-BR' ? 'pt' : 'en'}`), fullPage: true });
    } finally {
      await close();
    }
  });
}
