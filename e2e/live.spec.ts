import { expect, test } from '@playwright/test';
import { screenshotPath, startServeUi, type UiProcess } from './serve-ui';

let ui: UiProcess;
test.beforeAll(async () => {
  ui = await startServeUi();
});
test.afterAll(async () => {
  await ui?.stop();
});

test('playbooks: edit a reply, keep it after a reload, restore the default', async ({ page }) => {
  await page.goto(`${ui.url}#/playbooks`);
  await page.getByTestId('playbooks-lang-en').click();
  await page.getByTestId('item-playbook:price:en').click();
  const replies = page.getByTestId('playbook-replies');
  await expect(replies).toHaveValue(/Compared to what\?/);
  await replies.fill('Our own price reply.\nA second variant.');
  await page.getByTestId('playbook-save').click();
  await expect(page.getByTestId('playbooks-message')).toHaveText('Saved');
  await page.reload();
  await page.getByTestId('playbooks-lang-en').click();
  await page.getByTestId('item-playbook:price:en').click();
  await expect(page.getByTestId('playbook-replies')).toHaveValue('Our own price reply.\nA second variant.');
  await expect(page.getByTestId('item-playbook:price:en')).toContainText('Edited');
  await page.screenshot({ path: screenshotPath('live-playbooks-edited') });
  await page.getByTestId('playbook-restore').click();
  await expect(page.getByTestId('playbook-replies')).toHaveValue(/Compared to what\?/);
  await page.getByTestId('tab-battlecards').click();
  await page.getByTestId('item-battlecard:gong:en').click();
  await expect(page.getByTestId('battlecard-talktrack')).toHaveValue(/Gong/);
  await page.screenshot({ path: screenshotPath('live-battlecards') });
});

test('the Live page and the overlay show the transcript and hints while the demo call replays', async ({ browser }) => {
  const context = await browser.newContext();
  const live = await context.newPage();
  const overlay = await context.newPage();
  await overlay.setViewportSize({ width: 420, height: 560 });
  await live.goto(`${ui.url}#/live`);
  await overlay.goto(`${ui.url}#/overlay`);
  await expect(overlay.getByTestId('overlay-status')).toHaveText('No call');

  await live.getByTestId('live-start').click();
  await expect(live.getByTestId('live-state')).toHaveText('Listening', { timeout: 60_000 });
  // Partials stream in while the customer speaks, then the final line.
  await expect(live.locator('[data-testid="live-final"][data-speaker="rep"]').first()).toContainText('thanks for joining', { timeout: 30_000 });
  await expect(live.locator('[data-testid="live-final"][data-speaker="customer"]').first()).toContainText('we already use Gong', { timeout: 30_000 });

  // The competitor mention brings up the Gong battlecard on both screens.
  const liveGong = live.locator('[data-testid="hint-card"][data-trigger="gong"]');
  const overlayGong = overlay.locator('[data-testid="hint-card"][data-trigger="gong"]');
  await expect(liveGong).toBeVisible({ timeout: 30_000 });
  await expect(overlayGong).toBeVisible();
  await expect(overlayGong.getByTestId('hint-text')).toContainText('Gong');
  await expect(overlay.getByTestId('overlay-status')).toHaveText('Listening');
  await live.screenshot({ path: screenshotPath('live-page-hint') });
  await overlay.screenshot({ path: screenshotPath('live-overlay-hint') });

  // Keyboard on the overlay: P pins the focused card; the Live page sees the new status.
  await overlay.keyboard.press('p');
  await expect(overlayGong).toHaveAttribute('data-status', 'pinned');
  await expect(liveGong).toHaveAttribute('data-status', 'pinned');

  // The price objection follows; its reply joins the overlay under the pinned card.
  const overlayPrice = overlay.locator('[data-testid="hint-card"][data-trigger="price"]');
  await expect(overlayPrice).toBeVisible({ timeout: 30_000 });
  await expect(overlay.getByTestId('overlay-sentiment')).toBeVisible();
  await live.screenshot({ path: screenshotPath('live-page-two-hints') });
  await overlay.screenshot({ path: screenshotPath('live-overlay-two-hints') });
  // Focus the second card (the price reply) and dismiss it with D.
  await overlay.keyboard.press('2');
  await overlay.keyboard.press('d');
  await expect(overlayPrice).toHaveCount(0);
  await expect(live.locator('[data-testid="hint-card"][data-trigger="price"]')).toHaveAttribute('data-status', 'dismissed');

  await live.getByTestId('live-stop').click();
  await expect(live.getByTestId('live-state')).toHaveText('Ended', { timeout: 30_000 });
  await context.close();
});
