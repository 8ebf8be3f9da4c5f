import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { screenshotPath, startServeUi, type UiProcess } from './serve-ui';

// The core lists real PortAudio/ALSA inputs: null devices named like a headset and a
// PulseAudio monitor, so the pickers show what a Linux laptop would.
const alsa = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'alsa-e2e-')), 'asound.conf');
fs.writeFileSync(alsa, '</usr/share/alsa/alsa.conf>\npcm.!default { type null }\npcm.usb_headset { type null }\npcm.monitor_of_speakers { type null }\n');

let ui: UiProcess;
test.beforeAll(async () => {
  ui = await startServeUi({ env: { ALSA_CONFIG_PATH: alsa } });
});
test.afterAll(async () => {
  await ui?.stop();
});

test('mic and system audio devices are picked in Settings and kept', async ({ page }) => {
  await page.goto(`${ui.url}#/settings`);
  await expect(page.getByTestId('audio-devices')).toBeVisible();
  await page.getByTestId('setting-micDevice').locator('..').click();
  // The device list arrives from the core after the menu opens (allTextContents does not wait).
  await expect(page.getByRole('option', { name: /usb_headset/ })).toBeVisible();
  const micOptions = await page.getByRole('option').allTextContents();
  expect(micOptions[0]).toBe('System default');
  expect(micOptions.join('|')).toContain('usb_headset');
  await page.getByRole('option', { name: /usb_headset/ }).click();
  await page.getByTestId('setting-systemDevice').locator('..').click();
  // Monitor sources come first for system audio.
  await expect(page.getByRole('option').nth(1)).toContainText('monitor_of_speakers');
  await page.getByRole('option', { name: /monitor_of_speakers/ }).click();
  await page.reload();
  await expect(page.getByTestId('setting-micDevice')).toHaveValue('usb_headset');
  await expect(page.getByTestId('setting-systemDevice')).toHaveValue('monitor_of_speakers');
  await page.getByTestId('audio-devices').scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath('audio-settings') });
});
