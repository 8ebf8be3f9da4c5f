// Settings shows the speech-recognition backend the core probed (app.info.asrBackend), for real:
// the built CLI's serve-ui, the real whisper.cpp binding and pocketsphinx, Chromium.
import { expect, test } from '@playwright/test';
import { screenshotPath, startServeUi } from './serve-ui';
import { randomWhisperModel } from '../test/fixture-cache';

test('without a Whisper model, Settings names pocketsphinx and the command that adds Whisper', async ({ page }) => {
  const ui = await startServeUi({ env: { SALESEDGE_WHISPER_MODEL: '', SALESEDGE_MODELS_DIR: '' } });
  try {
    await page.goto(`${ui.url}#/settings`);
    const line = page.getByText(/Backend in use: pocketsphinx en-us \(CPU\); whisper\.cpp ready \((CUDA|Vulkan|Metal|CPU [\w-]+)\), no model: salesedge models fetch base/);
    await expect(line).toBeVisible();
    await line.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('asr-backend-pocketsphinx') });
  } finally {
    await ui.stop();
  }
});

test('with a Whisper model, Settings shows whisper.cpp and its backend', async ({ page }) => {
  const model = randomWhisperModel('tiny'); // cached by content hash, shared with the unit tests
  const ui = await startServeUi({ env: { SALESEDGE_WHISPER_MODEL: model } });
  try {
    await page.goto(`${ui.url}#/settings`);
    const line = page.getByText(/Backend in use: whisper\.cpp tiny-random \((CUDA|Vulkan|Metal|CPU [\w-]+)\)$/);
    await expect(line).toBeVisible();
    await line.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('asr-backend-whisper') });
  } finally {
    await ui.stop();
  }
});
