// Lint config. The layer rules of README.md's architecture map are enforced here with
// no-restricted-imports, so a forbidden import fails `npm run lint` (see eslint-layers.test.ts).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeOnly = ['electron', 'better-sqlite3', 'onnxruntime-node', 'naudiodon', 'kysely', 'ws', 'pino'];
const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'child_process', 'os', 'crypto', 'worker_threads', 'net', 'http', 'url'];

export const layerRules = {
  renderer: {
    patterns: [
      { group: [...nodeOnly, ...nodeBuiltins], message: 'src-renderer may import src-shared only: no node, electron or native packages (README: Architecture map).' },
      { group: ['**/src-main/**', '**/native/**', '**/src-preload/**', '**/sync-server/**'], message: 'src-renderer talks to the core only through src-shared/ipc.ts.' },
    ],
  },
  core: {
    patterns: [
      { group: ['electron'], message: 'src-main/core must run in plain Node: no electron (README: Architecture map).' },
      { group: ['**/src-main/app/**', '**/src-main/cli/**', '**/src-renderer/**'], message: 'core may import src-shared, native and node packages only.' },
    ],
  },
  cli: {
    patterns: [
      { group: ['electron'], message: 'the CLI is headless: no electron.' },
      { group: ['**/src-main/app/**', '**/src-renderer/**'], message: 'the CLI uses the core only.' },
    ],
  },
  shared: {
    patterns: [
      // Only zod and files inside src-shared itself.
      { regex: '^(?!zod$|\\.{1,2}/)', message: 'src-shared may import nothing but zod.' },
      { regex: '^\\.\\./(\\.\\./)*(src-main|src-renderer|src-preload|native|models|sync-server)(/|$)', message: 'src-shared may import nothing but zod.' },
    ],
  },
  syncServer: {
    patterns: [
      { group: ['**/src-main/**', '**/src-renderer/**', 'electron'], message: 'sync-server may import src-shared only from this repo (README: Architecture map).' },
    ],
  },
  preload: {
    patterns: [
      { group: ['**/src-main/**', '**/src-renderer/**', '**/native/**', ...nodeOnly.filter((m) => m !== 'electron')], message: 'preload exposes the typed contract only: src-shared and electron.' },
    ],
  },
};

// No SQL outside src-main/core/store/ (issue 12; see store/db.ts): the raw better-sqlite3
// connection, kysely's query builder and its `sql` template are for store/'s table-family
// modules. Tests (and their test-support/ helpers, the e2e specs) get the typed layer but not
// the raw connection: a test arranges and reads rows with store/'s functions, or with kysely's
// builder and `sql` templates run by store/query.ts (what kysely cannot say, such as the
// schema catalogue or FTS5's vocabulary, is in store/inspect.ts). Tests inside store/ may use
// raw SQL where it is their subject (pragmas, corruption, migrations).
const STORE = 'SQL belongs in src-main/core/store/ (one module per table family, on kysely): call a store/ function instead.';
const TYPED = 'Tests query through the typed layer: a store/ function, or a kysely query or `sql` template run by store/query.ts (all, first, run, transaction); store/inspect.ts for the schema and FTS internals.';
const rawSql = (message) => [
  { selector: "CallExpression[callee.property.name=/^(prepare|pragma)$/]", message: `${message} (no .prepare/.pragma outside store/)` },
  { selector: "CallExpression[callee.property.name=/^(exec|transaction)$/][callee.object.property.name='sqlite']", message: `${message} (no .exec/.transaction on the connection outside store/)` },
  { selector: "CallExpression[callee.property.name=/^(exec|transaction)$/][callee.object.name=/^(sqlite|db|conn|connection|database)$/]", message: `${message} (no .exec/.transaction on the connection outside store/)` },
  { selector: "CallExpression[callee.property.name='exec'][arguments.0.type=/^(Literal|TemplateLiteral)$/]:not([callee.object.regex])", message: `${message} (no .exec of SQL text outside store/)` },
  { selector: "ImportDeclaration[source.value='better-sqlite3'][importKind='value']", message: `${message} (the connection is opened by store/db.ts or store/open-beside.ts; type imports are fine)` },
];
export const sqlOutsideStore = [
  ...rawSql(STORE),
  { selector: "CallExpression[callee.property.name=/^(selectFrom|insertInto|replaceInto|updateTable|deleteFrom|mergeInto)$/]", message: `${STORE} (no kysely queries outside store/)` },
  { selector: "ImportDeclaration[source.value='kysely'][importKind='value'] > ImportSpecifier[imported.name='sql'][importKind!='type']", message: `${STORE} (no kysely sql template outside store/)` },
];
export const rawSqlInTests = rawSql(TYPED);
const testFiles = ['src-main/**/*.test.ts', 'src-main/**/test-support/**/*.ts', 'test/**/*.ts', 'native/**/*.test.ts', 'models/**/*.test.ts', 'e2e/**/*.ts'];

const restrict = (layer) => ({ 'no-restricted-imports': ['error', layerRules[layer]] });

// Inside the core, each folder may import only the folders named for it here: the layers of
// README.md's architecture map, lowest first. `core.ts` (the services, wired in createCore) is
// for the api and transport layers and the hosts above the core; everything below takes
// `CoreContext` (context.ts) or the narrow part of it it uses.
export const coreLayers = {
  store: [],
  content: [],
  audio: [],
  llm: [],
  models: [],
  privacy: [],
  settings: ['store'],
  asr: ['audio', 'models'],
  nlp: ['content'],
  hints: ['content', 'nlp', 'store'],
  policy: ['settings', 'store'],
  sync: ['deals', 'nlp', 'policy', 'privacy', 'settings', 'store'],
  live: ['asr', 'audio', 'content', 'hints', 'llm', 'models', 'nlp', 'policy', 'privacy', 'settings', 'store', 'sync'],
  deals: ['store'],
  simulator: ['asr', 'audio', 'content', 'llm', 'models', 'nlp', 'policy', 'privacy', 'settings', 'store', 'sync'],
  calls: ['asr', 'audio', 'content', 'deals', 'hints', 'live', 'llm', 'models', 'nlp', 'policy', 'privacy', 'settings', 'simulator', 'store', 'sync'],
  api: ['asr', 'audio', 'calls', 'content', 'deals', 'hints', 'live', 'llm', 'models', 'nlp', 'policy', 'privacy', 'settings', 'simulator', 'store', 'sync'],
  transport: ['api'],
};
const coreFolders = Object.keys(coreLayers);
const coreLayerPatterns = (folder) => {
  const forbidden = coreFolders.filter((f) => f !== folder && !coreLayers[folder].includes(f));
  const patterns = forbidden.length ? [{ regex: `^(\\.\\./)+(${forbidden.join('|')})/`, message: `src-main/core/${folder} may import only ${coreLayers[folder].join(', ') || 'no other core folder'} inside the core (README: Architecture map, eslint.config.mjs coreLayers).` }] : [];
  if (!['api', 'transport'].includes(folder)) patterns.push({ regex: '^(\\.\\./)+core$', message: `src-main/core/${folder} takes CoreContext (context.ts) or the part it uses, not the whole Core with its services (core.ts).` });
  return [...layerRules.core.patterns, ...patterns];
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'native/whisper/build/**', '.electron-native/**', 'models/**/*.py', 'playwright-report/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-definitions': ['error', 'type'],
    },
  },
  { files: ['src-renderer/**/*.{ts,tsx}'], languageOptions: { globals: { ...globals.browser } }, rules: restrict('renderer') },
  { files: ['src-main/core/**/*.ts'], rules: restrict('core') },
  ...coreFolders.map((folder) => ({ files: [`src-main/core/${folder}/**/*.ts`], ignores: ['**/*.test.ts', '**/test-support/**'], rules: { 'no-restricted-imports': ['error', { patterns: coreLayerPatterns(folder) }] } })),
  { files: ['src-main/cli/**/*.ts'], rules: restrict('cli') },
  { files: ['src-main/**/*.ts'], ignores: ['src-main/core/store/**', '**/*.test.ts', '**/test-support/**'], rules: { 'no-restricted-syntax': ['error', ...sqlOutsideStore] } },
  { files: testFiles, ignores: ['src-main/core/store/**'], rules: { 'no-restricted-syntax': ['error', ...rawSqlInTests] } },
  { files: ['src-shared/**/*.ts'], rules: restrict('shared') },
  // Its tests beside it may also use vitest (the shared code itself still may not).
  {
    files: ['src-shared/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: layerRules.shared.patterns.map((p) => ('regex' in p && p.regex.startsWith('^(?!zod$') ? { ...p, regex: '^(?!zod$|vitest$|\\.{1,2}/)' } : p)) }] },
  },
  { files: ['sync-server/**/*.ts'], rules: restrict('syncServer') },
  { files: ['src-preload/**/*.ts'], rules: restrict('preload') },
  { files: ['bin/**/*.js'], languageOptions: { sourceType: 'commonjs' }, rules: { '@typescript-eslint/no-require-imports': 'off' } },
  { files: ['**/*.test.ts', '**/*.test.tsx', 'e2e/**', 'bench/**'], rules: { '@typescript-eslint/no-non-null-assertion': 'off' } },
);
