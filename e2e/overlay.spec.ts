// The overlay tells the truth about the call (issue 11, point 17): "Call ended" while the last
// hints stay, the mood in words with its scale explained, and text that keeps WCAG AA contrast
// (4.5:1) when it steps back after a quiet while — measured, in both languages and themes.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { screenshotPath, startServeUi, withCoreStore, type UiProcess } from './serve-ui';
import { writeSettingRows } from '../src-main/core/store/settings';

/** A fresh core per test (a call that ended earlier would rightly show as "Call ended"). */
async function freshUi(): Promise<UiProcess> {
  const ui = await startServeUi();
  // Step back after 1 s without a new hint (20 s by default), so the test sees the idle look.
  withCoreStore(ui.dataDir, (store) => writeSettingRows(store, [['overlay', JSON.stringify({ enabled: true, clickThrough: false, idleFadeSeconds: 1 })]], Date.now()));
  return ui;
}

type Low = { text: string; ratio: number; fg: string; bg: string };

/**
 * The contrast of every piece of text in the overlay against what is behind it: the text colour
 * (with its alpha) over the backgrounds of its ancestors, each ancestor's opacity applied to all
 * it contains, over the page (white, or the theme's dark page).
 */
async function lowContrast(page: Page, min = 4.5): Promise<{ checked: number; low: Low[] }> {
  // Runs in the page (a string: this project's Node typings have no DOM).
  return page.evaluate(`(${CONTRAST_IN_PAGE})(document.querySelector('[data-testid="overlay"]'), ${min})`);
}

const CONTRAST_IN_PAGE = `(root, minRatio) => {
  const parse = (s) => {
    const m = /rgba?\\(([^)]+)\\)/.exec(s);
    if (!m) return [0, 0, 0, 0];
    const [r, g, b, a] = m[1].split(/[\\s,/]+/).filter(Boolean).map(Number);
    return [r, g, b, a === undefined ? 1 : a];
  };
  const over = (top, under) => [0, 1, 2].map((i) => top[i] * top[3] + under[i] * (1 - top[3])).concat(1);
  const mix = (a, b, t) => [0, 1, 2].map((i) => a[i] * (1 - t) + b[i] * t).concat(1);
  const lum = (c) => {
    const ch = c.slice(0, 3).map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2];
  };
  const ratio = (a, b) => {
    const [l1, l2] = [lum(a), lum(b)].sort((x, y) => y - x);
    return (l1 + 0.05) / (l2 + 0.05);
  };
  const pageBg = () => over(parse(getComputedStyle(document.body).backgroundColor), over(parse(getComputedStyle(document.documentElement).backgroundColor), [255, 255, 255, 1]));
  const colours = (el) => {
    const chain = [];
    for (let e = el; e && e !== document.documentElement; e = e.parentElement) chain.unshift(e);
    const walk = (i, behind) => {
      const style = getComputedStyle(chain[i]);
      const bg = over(parse(style.backgroundColor), behind);
      const inner = i === chain.length - 1 ? { fg: over(parse(style.color), bg), bg } : walk(i + 1, bg);
      const op = Number(style.opacity);
      return op < 1 ? { fg: mix(behind, inner.fg, op), bg: mix(behind, inner.bg, op) } : inner;
    };
    return walk(0, pageBg());
  };
  const low = [];
  let checked = 0;
  for (const el of root.querySelectorAll('*')) {
    const own = [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent || '').join('').trim();
    if (!own || el.offsetParent === null) continue;
    checked += 1;
    const { fg, bg } = colours(el);
    const r = ratio(fg, bg);
    if (r < minRatio) low.push({ text: own.slice(0, 40), ratio: Math.round(r * 100) / 100, fg: fg.slice(0, 3).map(Math.round).join(','), bg: bg.slice(0, 3).map(Math.round).join(',') });
  }
  return { checked, low };
}`;

async function pages(ui: UiProcess, browser: Browser, locale: 'en-US' | 'pt-BR', colorScheme: 'light' | 'dark') {
  const context = await browser.newContext({ locale, colorScheme });
  const live = await context.newPage();
  const overlay = await context.newPage();
  await overlay.setViewportSize({ width: 420, height: 560 });
  await live.goto(`${ui.url}#/live`);
  await overlay.goto(`${ui.url}#/overlay`);
  return {
    live,
    overlay,
    close: async () => {
      await context.close();
      await ui.stop();
    },
  };
}

for (const [locale, scheme] of [['en-US', 'light'], ['pt-BR', 'dark']] as const) {
  test(`the overlay says the call ended while its hints stay, names the mood, and keeps its text readable (${locale}, ${scheme})`, async ({ browser }) => {
    const pt = locale === 'pt-BR';
    const { live, overlay, close } = await pages(await freshUi(), browser, locale, scheme);
    const tag = `${pt ? 'pt' : 'en'}-${scheme}`;
    try {
      const status = overlay.getByTestId('overlay-status');
      await expect(status).toHaveText(pt ? 'Sem chamada' : 'No call');
      await expect(overlay.getByTestId('overlay')).toHaveAttribute('data-idle', 'true');
      let contrast = await lowContrast(overlay);
      expect(contrast.checked).toBeGreaterThan(1);
      expect(contrast.low).toEqual([]);

      await live.getByTestId('live-start').click();
      await expect(status).toHaveText(pt ? 'Ouvindo' : 'Listening', { timeout: 60_000 });
      const card = overlay.getByTestId('hint-card').first();
      await expect(card).toBeVisible({ timeout: 40_000 });
      // The mood in words, with what the number means one hover away.
      const mood = overlay.getByTestId('overlay-sentiment');
      await expect(mood).toHaveText(pt ? /^Humor do cliente: (negativo|neutro|positivo) \([+−]?\d+\)$/ : /^Customer mood: (negative|neutral|positive) \([+−]?\d+\)$/);
      await mood.hover();
      await expect(overlay.getByRole('tooltip')).toHaveText(pt ? /de −100 \(negativo\), passando por 0 \(neutro\), a \+100 \(positivo\)/ : /from −100 \(negative\) through 0 \(neutral\) to \+100 \(positive\)/);
      await overlay.screenshot({ path: screenshotPath(`overlay-mood-${tag}`) });
      await overlay.mouse.move(400, 540);

      // Stopped with a hint on screen: the call has ended, and the overlay says so.
      await live.getByTestId('live-stop').click();
      await expect(status).toHaveText(pt ? 'Chamada encerrada' : 'Call ended', { timeout: 30_000 });
      await expect(card).toBeVisible();
      await expect(overlay.getByTestId('overlay-ended')).toBeVisible();
      // A quiet second later it steps back; every piece of text still reads at 4.5:1 or better.
      await expect(overlay.getByTestId('overlay')).toHaveAttribute('data-idle', 'true', { timeout: 10_000 });
      contrast = await lowContrast(overlay);
      expect(contrast.checked).toBeGreaterThan(5);
      expect(contrast.low).toEqual([]);
      await overlay.screenshot({ path: screenshotPath(`overlay-ended-idle-${tag}`) });
      // The measure sees a fade when there is one (the old idle look: the whole overlay at 35%).
      await overlay.addStyleTag({ content: '[data-testid="overlay"] { opacity: 0.35 !important; }' });
      expect((await lowContrast(overlay)).low.length).toBeGreaterThan(0);
    } finally {
      await close();
    }
  });
}
