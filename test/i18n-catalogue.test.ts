/**
 * The UI speaks the user's language everywhere: the two catalogues have the same keys (and the
 * same {{values}} in each), every key the code asks for exists in both, plurals are right at 0,
 * and no user-facing text is written in the components themselves (JSX text, labels, titles,
 * placeholders, tooltips) except the few names on ALLOWED.
 */
import fs from 'node:fs';
import path from 'node:path';
import i18next from 'i18next';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers';

const src = path.join(repoRoot, 'src-renderer/src');
type Tree = { [k: string]: string | Tree };
const catalogue = (name: string) => JSON.parse(fs.readFileSync(path.join(src, 'i18n', name), 'utf8')) as Tree;
const en = catalogue('en.json');
const pt = catalogue('pt-BR.json');

const flatten = (tree: Tree, prefix = ''): Map<string, string> => {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    if (typeof v === 'string') out.set(prefix + k, v);
    else for (const [kk, vv] of flatten(v, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
};
const flatEn = flatten(en);
const flatPt = flatten(pt);

/** Names written the same in every language (each in its own language, or a product's name). */
const ALLOWED = new Set(['Português (Brasil)', 'Português', 'English', 'Whisper (whisper.cpp)', 'PocketSphinx', 'https://sync.example.com']);
/** Props whose text a person reads (or a screen reader says). */
const USER_PROPS = new Set(['label', 'title', 'placeholder', 'aria-label', 'aria-valuetext', 'helperText', 'alt', 'titleAccess', 'message', 'primary', 'secondary', 'text', 'body', 'empty']);
const PLURAL = /_(zero|one|two|few|many|other)$/;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

type Finding = { file: string; line: number; text: string };

/** User-facing literals, and the keys passed to t(), in one renderer file. */
function scan(file: string): { literals: Finding[]; keys: Finding[]; prefixes: Finding[] } {
  const text = fs.readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const rel = path.relative(repoRoot, file);
  const at = (n: ts.Node) => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
  const literals: Finding[] = [];
  const keys: Finding[] = [];
  const prefixes: Finding[] = [];
  const wordy = (s: string) => /\p{L}{2,}/u.test(s) && !ALLOWED.has(s.trim());

  /** Whether a string literal reaches the screen as is: only through ?:, ??, ||, + and template spans up to a JSX expression. */
  const shown = (node: ts.Node): boolean => {
    let n: ts.Node = node;
    for (;;) {
      const p = n.parent;
      if (!p) return false;
      if (ts.isJsxExpression(p)) {
        const owner = p.parent;
        if (ts.isJsxAttribute(owner)) return USER_PROPS.has(owner.name.getText(sf));
        return ts.isJsxElement(owner) || ts.isJsxFragment(owner);
      }
      if (ts.isConditionalExpression(p) && p.condition !== n) n = p;
      else if (ts.isBinaryExpression(p) && [ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.PlusToken].includes(p.operatorToken.kind)) n = p;
      else if (ts.isParenthesizedExpression(p) || ts.isTemplateSpan(p) || ts.isTemplateExpression(p)) n = p;
      else return false;
    }
  };

  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && wordy(node.getText(sf))) literals.push({ file: rel, line: at(node), text: node.getText(sf).trim() });
    if (ts.isJsxAttribute(node) && USER_PROPS.has(node.name.getText(sf)) && node.initializer && ts.isStringLiteral(node.initializer) && wordy(node.initializer.text)) {
      literals.push({ file: rel, line: at(node), text: `${node.name.getText(sf)}="${node.initializer.text}"` });
    }
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && wordy(node.text) && shown(node)) literals.push({ file: rel, line: at(node), text: node.text });
    if (ts.isTemplateExpression(node) && shown(node)) {
      for (const part of [node.head, ...node.templateSpans.map((s) => s.literal)]) if (wordy(part.text)) literals.push({ file: rel, line: at(node), text: part.text });
    }
    // t('a.b') / t(`a.${x}`) / i18next.t(...)
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
      const arg = node.arguments[0];
      if (name === 't' && arg) {
        if (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg)) keys.push({ file: rel, line: at(node), text: arg.text });
        else if (ts.isTemplateExpression(arg)) prefixes.push({ file: rel, line: at(node), text: arg.head.text });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return { literals, keys, prefixes };
}

const files = sourceFiles(src);
const scans = files.map(scan);

describe('the UI catalogues', () => {
  it('have the same keys in English and Portuguese', () => {
    const missingInPt = [...flatEn.keys()].filter((k) => !flatPt.has(k));
    const missingInEn = [...flatPt.keys()].filter((k) => !flatEn.has(k));
    expect({ missingInPt, missingInEn }).toEqual({ missingInPt: [], missingInEn: [] });
  });

  it('use the same {{values}} in both languages', () => {
    const vars = (s: string) => [...s.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort();
    const differ = [...flatEn].filter(([k, v]) => flatPt.has(k) && JSON.stringify(vars(v)) !== JSON.stringify(vars(flatPt.get(k)!))).map(([k]) => k);
    expect(differ).toEqual([]);
  });

  it('every key the code asks for exists in both (dynamic keys: their fixed start)', () => {
    const has = (flat: Map<string, string>, key: string) => flat.has(key) || [...flat.keys()].some((k) => PLURAL.test(k) && k.replace(PLURAL, '') === key);
    const missing = scans.flatMap((s) => s.keys).filter((k) => !has(flatEn, k.text) || !has(flatPt, k.text));
    expect(missing).toEqual([]);
    const noPrefix = scans.flatMap((s) => s.prefixes).filter((p) => ![...flatEn.keys()].some((k) => k.startsWith(p.text)) || ![...flatPt.keys()].some((k) => k.startsWith(p.text)));
    expect(noPrefix).toEqual([]);
    // The scan really saw the code (a broken walk would pass the checks above vacuously).
    expect(scans.flatMap((s) => s.keys).length).toBeGreaterThan(150);
  });

  it('have words for every notice the core sends (notice(\'key\') in src-main, src-shared and native)', () => {
    const keys = new Set<string>();
    const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : /\.ts$/.test(e.name) && !/\.test\.ts$/.test(e.name) ? [path.join(dir, e.name)] : []));
    for (const file of ['src-main', 'src-shared', 'native'].flatMap((d) => walk(path.join(repoRoot, d)))) {
      for (const m of fs.readFileSync(file, 'utf8').matchAll(/\bnotice\(\s*['`]([\w.${}]+)['`]/g)) keys.add(m[1]!);
    }
    // The renderer's own (transport errors) too.
    for (const file of files) for (const m of fs.readFileSync(file, 'utf8').matchAll(/notice: \{ key: '([\w.]+)'/g)) keys.add(m[1]!);
    expect([...keys].filter((k) => k.includes('$'))).toEqual([]);
    expect(keys.size).toBeGreaterThan(15);
    const missing = [...keys].filter((k) => !flatEn.has(`notice.${k}`) || !flatPt.has(`notice.${k}`));
    expect(missing).toEqual([]);
  });

  it('say "0 dicas" and "0 simulações", not "0 dica" (Portuguese is plural at zero)', async () => {
    const i18n = i18next.createInstance();
    await i18n.init({ resources: { en: { translation: en }, 'pt-BR': { translation: pt } }, lng: 'pt-BR', fallbackLng: 'en', interpolation: { escapeValue: false } });
    const bases = [...new Set([...flatPt.keys()].filter((k) => k.endsWith('_one')).map((k) => k.replace(/_one$/, '')))];
    expect(bases).toEqual(expect.arrayContaining(['live.hints', 'team.card.simCount']));
    for (const lng of ['pt-BR', 'en']) {
      const flat = lng === 'pt-BR' ? flatPt : flatEn;
      for (const base of bases) {
        const other = flat.get(`${base}_other`)!;
        // The plural form at 0 (what "2" reads like, with 0), whatever the other values are.
        const expected = other.replace(/\{\{\s*count\s*\}\}/g, '0').replace(/\{\{\s*(\w+)\s*\}\}/g, 'X');
        expect(i18n.t(base, { lng, count: 0, value: 'X', used: 'X', shown: 'X' }), `${lng} ${base}`).toBe(expected);
      }
    }
    expect(i18n.t('live.hints', { count: 0 })).toBe('0 dicas');
    expect(i18n.t('team.card.simCount', { count: 0 })).toBe('0 simulações');
    expect(i18n.t('live.hints', { count: 1 })).toBe('1 dica');
  });
});

describe('renderer components', () => {
  it('write no user-facing text of their own: it all comes from the catalogues', () => {
    expect(files.length).toBeGreaterThan(25);
    expect(scans.flatMap((s) => s.literals)).toEqual([]);
  });

  it('the scan finds such text when it is there', () => {
    const probe = path.join(src, '__i18n_probe__.tsx');
    fs.writeFileSync(
      probe,
      "export const A = ({ n, ok }: { n: number; ok: boolean }) => <div title=\"Hello there\" aria-label={ok ? 'Fine' : 'Bad'}>Ready now<span>{`${n} ms`}</span>{t('nav.live')}{x.join(' · ')}</div>;\n",
    );
    try {
      expect(scan(probe).literals.map((l) => l.text)).toEqual(['title="Hello there"', 'Fine', 'Bad', 'Ready now', ' ms']);
    } finally {
      fs.rmSync(probe);
    }
  });
});
