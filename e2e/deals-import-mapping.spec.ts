// The Deals page's import dialog (issue 15, point 1) in Chromium against the real core
// (salesedge serve-ui): a CSV export whose columns match no known CRM format opens the dialog
// (the file's columns with samples, a column for each field, the date and amount formats, a
// preview of the first rows as the core reads them), a wrong column is the one-line error in
// the preview, the import writes the deals, and the same export next time imports with the
// saved mapping, updating instead of duplicating; in pt-BR and English.
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { fullPageShot, openAt, startServeUi, type UiProcess } from './serve-ui';

const exports = path.resolve(__dirname, '../test/fixtures/crm/exports');
test.use({ reducedMotion: 'reduce' });

let ui: UiProcess;
test.beforeEach(async () => {
  ui = await startServeUi({ env: { SALESEDGE_WHISPER_MODEL: '', SALESEDGE_MODELS_DIR: '' } });
});
test.afterEach(async () => {
  await ui?.stop();
});

/** Picks the file column of a field in the dialog. */
async function pick(page: Page, field: string, column: string): Promise<void> {
  await page.getByTestId(`deals-mapping-select-${field}`).locator('..').click();
  await page.getByRole('option', { name: new RegExp(`^${column}`) }).click();
  await expect(page.getByRole('listbox')).toHaveCount(0);
}

async function pickAll(page: Page, columns: Record<string, string>): Promise<void> {
  for (const [field, column] of Object.entries(columns)) await pick(page, field, column);
}

async function choose(page: Page, testId: string, option: string): Promise<void> {
  await page.getByTestId(testId).locator('..').click();
  await page.getByRole('option', { name: option, exact: true }).click();
  await expect(page.getByRole('listbox')).toHaveCount(0);
}

/** The dialog scrolls inside itself: one shot at its top (the fields), one at its bottom (the preview). */
async function dialogShots(page: Page, name: string): Promise<void> {
  const content = page.getByTestId('deals-mapping').locator('.MuiDialogContent-root');
  await content.evaluate((e) => e.scrollTo(0, 0));
  await fullPageShot(page, `${name}-fields`);
  await content.evaluate((e) => e.scrollTo(0, e.scrollHeight));
  await fullPageShot(page, `${name}-preview`);
}

test('Importar uma planilha de colunas próprias: o diálogo de mapeamento, a prévia, o erro de uma linha, e a próxima vez sem perguntar', async ({ browser }) => {
  const { page, close } = await openAt(browser, `${ui.url}#/deals`, 'pt-BR');
  try {
    await page.getByTestId('deals-import-input').setInputFiles(path.join(exports, 'custom-pt.csv'));
    const dialog = page.getByTestId('deals-mapping');
    await expect(dialog).toContainText('Mapear as colunas de custom-pt.csv');
    await expect(dialog).toContainText('9 colunas, 6 linhas');
    // Valor and Produto are guessed (names other formats use); the required rest is asked for.
    await expect(page.getByTestId('deals-mapping-missing')).toHaveText('Escolha uma coluna para: ID do negócio, Etapa.');
    await expect(page.getByTestId('deals-mapping-import')).toBeDisabled();
    await pick(page, 'id', 'Código');
    await expect(page.locator('[data-field="id"]')).toContainText('AG-101 · AG-102 · AG-103');
    // A wrong column for the stage's place: the amount read from the account's names is the import's one-line error.
    await pick(page, 'stage', 'Situação');
    await pick(page, 'amount', 'Empresa');
    await expect(page.getByTestId('deals-mapping-error')).toHaveText('custom-pt.csv: line 2, column "Empresa": "Metalúrgica Serra Azul" is not an amount; nothing was imported');
    await expect(page.getByTestId('deals-mapping-import')).toBeDisabled();
    await pickAll(page, { amount: 'Valor', name: 'Negócio', account: 'Empresa', owner: 'Vendedor', engage: 'Aberto em', close: 'Fechado em' });
    await choose(page, 'deals-mapping-dates', 'dd/mm/aaaa (pt-BR)');
    await choose(page, 'deals-mapping-amounts', 'R$ 1.234,56');
    await choose(page, 'deals-mapping-currency', 'BRL');
    const preview = page.getByTestId('deals-mapping-preview');
    await expect(preview).toContainText('Os primeiros 5 de 6 negócios, como serão importados:');
    const first = page.getByTestId('deals-mapping-row').first();
    await expect(first).toContainText('AG-101');
    await expect(first).toContainText('R$ 18.750,00');
    // 03/02/2025 read day first: 3 February.
    await expect(first).toContainText('3 de fev. de 2025');
    await expect(first).toContainText('ganho');
    await dialogShots(page, 'deals-mapping-pt');
    await page.getByTestId('deals-mapping-import').click();
    await expect(page.getByTestId('deals-notice')).toContainText('Negócios importados: 6 (6 novos, 0 atualizados; 3 abertos, 3 fechados).');
    await expect(dialog).toHaveCount(0);
    await expect(page.getByTestId('deals-table')).toContainText('Vale Verde - expansão');
    await expect(page.getByTestId('deals-table')).toContainText('R$ 62.000');

    // The same export again: no dialog, the saved mapping, its deals updated.
    await page.getByTestId('deals-import-input').setInputFiles(path.join(exports, 'custom-pt.csv'));
    await expect(page.getByTestId('deals-notice')).toContainText('Negócios importados: 6 (0 novos, 6 atualizados; 3 abertos, 3 fechados). Lido com o mapeamento de colunas salvo para estas colunas.');
    await expect(dialog).toHaveCount(0);
    await expect(page.getByTestId('deals-row')).toHaveCount(3);
    await fullPageShot(page, 'deals-mapping-saved-pt');
  } finally {
    await close();
  }
});

test('Importing a spreadsheet of its own columns in English: map, preview ($ and month-first dates read by themselves), import; cancel imports nothing', async ({ browser }) => {
  const { page, close } = await openAt(browser, `${ui.url}#/deals`, 'en-US');
  try {
    await page.getByTestId('deals-import-input').setInputFiles(path.join(exports, 'custom-en.csv'));
    const dialog = page.getByTestId('deals-mapping');
    await expect(dialog).toContainText('Map the columns of custom-en.csv');
    await page.getByTestId('deals-mapping-cancel').click();
    await expect(dialog).toHaveCount(0);
    await expect(page.getByTestId('empty-state')).toBeVisible();

    await page.getByTestId('deals-import-input').setInputFiles(path.join(exports, 'custom-en.csv'));
    await expect(page.getByTestId('deals-mapping-missing')).toHaveText('Pick a column for: Deal ID, Stage, Amount.');
    await pickAll(page, { id: 'Ref', name: 'Opportunity', account: 'Company', stage: 'Pipeline step', amount: 'Deal value', owner: 'Rep', engage: 'Opened on', close: 'Closed on' });
    const first = page.getByTestId('deals-mapping-row').first();
    await expect(first).toContainText('$24,500.00');
    await expect(first).toContainText('Jan 15, 2025');
    await expect(first).toContainText('Mar 28, 2025');
    await expect(page.getByTestId('deals-mapping-row').nth(1)).toContainText('lost');
    await expect(page.getByTestId('deals-mapping-preview')).toContainText('All 5 deals, as they will be imported:');
    await expect(page.getByTestId('deals-mapping-import')).toHaveText('Import 5 deals');
    await dialogShots(page, 'deals-mapping-en');
    await page.getByTestId('deals-mapping-import').click();
    await expect(page.getByTestId('deals-notice')).toContainText('Deals imported: 5 (5 new, 0 updated; 3 open, 2 closed).');
    await expect(page.getByTestId('deals-table')).toContainText('Orchard - 120 seats');
    await expect(page.getByTestId('deals-table')).toContainText('$112,000');
    await fullPageShot(page, 'deals-mapping-imported-en');
  } finally {
    await close();
  }
});
