/**
 * The files IT deploys (resources/policy/): the JSON Schema, the ADMX/ADML templates and the
 * sample configuration profile. No ADMX XSD (Microsoft's PolicyDefinitions schema) is available
 * offline, so the templates are checked for well-formed XML and against that schema's basic
 * structure: root elements and namespace, the order of the sequences, required attributes, and
 * every cross-reference (categories, supportedOn, $(string.*), $(presentation.*), refIds). Then
 * what each policy writes to the registry is read back through the app's own reg query parser.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import Ajv2020 from 'ajv/dist/2020';
import { Policy } from '../../../src-shared/policy';
import { POLICY_SCHEMA_FILE, policyJsonSchema } from './json-schema';
import { loadPolicy, validatePolicyObject } from './policy';
import { parsePlistXml, parseXmlStrict, registrySource, withoutPayloadKeys, type XmlNode as Element } from './sources';

const RES = path.resolve(__dirname, '../../../resources/policy');
const read = (rel: string) => fs.readFileSync(path.join(RES, rel), 'utf8');
const NS = 'http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions';
const KEY_ROOT = 'Software\\Policies\\SalesEdge\\Copilot';

const kids = (el: Element, name?: string): Element[] => Array.from(el.childNodes).filter((n) => n.nodeType === 1 && (!name || n.localName === name));
const kid = (el: Element, name: string): Element => {
  const found = kids(el, name);
  if (found.length !== 1) throw new Error(`<${el.localName}> should have one <${name}>, has ${found.length}`);
  return found[0]!;
};
/** The children's names follow the schema's sequence (each optional, none repeated out of order). */
const inOrder = (el: Element, sequence: string[]) => {
  const names = kids(el).map((k) => k.localName ?? '');
  for (const n of names) expect(sequence, `<${el.localName}> may not hold <${n}>`).toContain(n);
  expect(names, `<${el.localName}> children out of order`).toEqual([...names].sort((a, b) => sequence.indexOf(a) - sequence.indexOf(b)));
};
const ref = (value: string | null, kind: 'string' | 'presentation') => {
  const m = new RegExp(`^\\$\\(${kind}\\.([A-Za-z0-9_]+)\\)$`).exec(value ?? '');
  if (!m) throw new Error(`not a $(${kind}.…) reference: ${value}`);
  return m[1]!;
};

const admx = parseXmlStrict(read('windows/SalesEdge.admx'));
const admls = ['en-US', 'pt-BR'].map((lang) => ({ lang, root: parseXmlStrict(read(`windows/${lang}/SalesEdge.adml`)) }));
const policies = kids(kid(admx, 'policies'), 'policy');

describe('ADMX template', () => {
  it('is well-formed XML with the PolicyDefinitions root, namespace and sequence', () => {
    expect(admx.localName).toBe('policyDefinitions');
    expect(admx.namespaceURI).toBe(NS);
    expect(admx.getAttribute('revision')).toMatch(/^\d+\.\d+$/);
    expect(admx.getAttribute('schemaVersion')).toMatch(/^\d+\.\d+$/);
    inOrder(admx, ['policyNamespaces', 'supersededAdm', 'resources', 'supportedOn', 'categories', 'policies']);
    const target = kid(kid(admx, 'policyNamespaces'), 'target');
    expect(target.getAttribute('prefix')).toBeTruthy();
    expect(target.getAttribute('namespace')).toMatch(/^[A-Za-z0-9.]+$/);
    expect(kid(admx, 'resources').getAttribute('minRequiredRevision')).toMatch(/^\d+\.\d+$/);
  });

  it('every policy has the required attributes, known references and the schema order', () => {
    const categories = kids(kid(admx, 'categories'), 'category').map((c) => c.getAttribute('name'));
    const supported = kids(kid(kid(admx, 'supportedOn'), 'definitions'), 'definition').map((d) => d.getAttribute('name'));
    const names = policies.map((p) => p.getAttribute('name'));
    expect(new Set(names).size).toBe(names.length);
    for (const p of policies) {
      const name = p.getAttribute('name')!;
      expect(['Machine', 'User', 'Both'], name).toContain(p.getAttribute('class'));
      ref(p.getAttribute('displayName'), 'string');
      ref(p.getAttribute('explainText'), 'string');
      expect(p.getAttribute('key'), name).toMatch(/^Software\\Policies\\SalesEdge\\Copilot(\\settings(\\[a-z]+)?)?$/);
      inOrder(p, ['parentCategory', 'seeAlso', 'keywords', 'supportedOn', 'enabledValue', 'disabledValue', 'enabledList', 'disabledList', 'elements']);
      expect(categories, name).toContain(kid(p, 'parentCategory').getAttribute('ref'));
      expect(supported, name).toContain(kid(p, 'supportedOn').getAttribute('ref'));
      const elements = kids(p, 'elements');
      // A policy with elements has a presentation; one without writes valueName itself.
      if (elements.length) {
        ref(p.getAttribute('presentation'), 'presentation');
        for (const e of kids(elements[0]!)) {
          expect(['text', 'decimal', 'enum', 'multiText', 'boolean', 'list', 'longDecimal'], name).toContain(e.localName);
          expect(e.getAttribute('id'), name).toBeTruthy();
          expect(e.getAttribute('valueName'), name).toBeTruthy();
        }
      } else expect(p.getAttribute('valueName'), name).toBeTruthy();
    }
    for (const c of kids(kid(admx, 'categories'), 'category')) {
      ref(c.getAttribute('displayName'), 'string');
      const parent = kids(c, 'parentCategory')[0];
      if (parent) expect(categories).toContain(parent.getAttribute('ref'));
    }
  });

  it('covers every top-level policy field', () => {
    const written = new Set(policies.flatMap((p) => [p.getAttribute('valueName'), ...kids(kids(p, 'elements')[0] ?? p).map((e) => e.getAttribute('valueName'))]).filter((v) => v && !v.includes('.')));
    for (const field of Object.keys(Policy.shape).filter((f) => f !== 'version' && f !== 'settings')) expect(written, field).toContain(field);
  });
});

describe('ADML resources (en-US, pt-BR)', () => {
  const stringsOf = (root: Element) => new Map(kids(kid(kid(root, 'resources'), 'stringTable'), 'string').map((s) => [s.getAttribute('id')!, s.textContent ?? '']));
  const presentationsOf = (root: Element) => new Map(kids(kid(kid(root, 'resources'), 'presentationTable'), 'presentation').map((p) => [p.getAttribute('id')!, p]));
  const referencedStrings = () => {
    const out = new Set<string>();
    const walk = (el: Element) => {
      for (const a of ['displayName', 'explainText']) if (el.getAttribute(a)?.startsWith('$(string.')) out.add(ref(el.getAttribute(a), 'string'));
      kids(el).forEach(walk);
    };
    walk(admx);
    return out;
  };

  it.each(admls)('$lang: well-formed, PolicyDefinitionResources root and sequence, every string and presentation the ADMX uses', ({ root }) => {
    expect(root.localName).toBe('policyDefinitionResources');
    expect(root.namespaceURI).toBe(NS);
    expect(root.getAttribute('revision')).toBe(admx.getAttribute('revision'));
    inOrder(root, ['displayName', 'description', 'annotation', 'resources']);
    inOrder(kid(root, 'resources'), ['stringTable', 'presentationTable']);
    const strings = stringsOf(root);
    for (const id of referencedStrings()) expect(strings.get(id)?.trim(), `string ${id}`).toBeTruthy();
    const presentations = presentationsOf(root);
    for (const p of policies.filter((x) => x.getAttribute('presentation'))) {
      const pres = presentations.get(ref(p.getAttribute('presentation'), 'presentation'));
      expect(pres, p.getAttribute('name')!).toBeDefined();
      const ids = kids(kid(p, 'elements')).map((e) => e.getAttribute('id'));
      const controls = kids(pres!);
      for (const c of controls) expect(['textBox', 'decimalTextBox', 'dropdownList', 'multiTextBox', 'checkBox', 'comboBox', 'listBox', 'text', 'longDecimalTextBox'], c.localName ?? '').toContain(c.localName);
      expect(controls.filter((c) => c.getAttribute('refId')).map((c) => c.getAttribute('refId')).sort()).toEqual([...ids].sort());
    }
  });

  it('pt-BR has the same ids as en-US, in Portuguese', () => {
    const [en, pt] = admls.map((a) => stringsOf(a.root));
    expect([...pt!.keys()].sort()).toEqual([...en!.keys()].sort());
    expect([...presentationsOf(admls[1]!.root).keys()].sort()).toEqual([...presentationsOf(admls[0]!.root).keys()].sort());
    const translated = [...en!.entries()].filter(([id, text]) => pt!.get(id) !== text);
    // Product names and "Beta" stay as they are; everything else is translated.
    expect(translated.length).toBeGreaterThan(en!.size - 4);
  });
});

describe('what the ADMX writes, the app reads', () => {
  /** A value for each element as Group Policy would write it when IT enables the policy. */
  const SAMPLE: Record<string, string> = { SyncServer: 'https://sync.acme.example', ModelsDir: '%ProgramData%\\SalesEdge\\models', LlmBaseUrl: 'http://llm.acme.example/v1', RetentionDays: '90', Lock: 'theme\\0sync.enabled', AllowedVersions: '>=1.4.0 <2.0.0' };

  /** `reg query … /s` output for every policy enabled (or, with `disabled`, disabled). */
  function regQueryFor(disabled: boolean): string {
    const byKey = new Map<string, string[]>();
    const put = (key: string, line: string) => byKey.set(key, [...(byKey.get(key) ?? []), line]);
    for (const p of policies) {
      const key = p.getAttribute('key')!;
      const value = kids(p, disabled ? 'disabledValue' : 'enabledValue')[0];
      if (value) put(key, `    ${p.getAttribute('valueName')}    REG_DWORD    0x${Number(kid(value, 'decimal').getAttribute('value')).toString(16)}`);
      if (disabled) continue; // a disabled policy with elements removes its values
      for (const e of kids(kids(p, 'elements')[0] ?? p)) {
        const v = e.getAttribute('valueName')!;
        if (e.localName === 'text') put(key, `    ${v}    ${e.getAttribute('expandable') === 'true' ? 'REG_EXPAND_SZ' : 'REG_SZ'}    ${SAMPLE[e.getAttribute('id')!]}`);
        if (e.localName === 'decimal') put(key, `    ${v}    REG_DWORD    0x${Number(SAMPLE[e.getAttribute('id')!]).toString(16)}`);
        if (e.localName === 'multiText') put(key, `    ${v}    REG_MULTI_SZ    ${SAMPLE[e.getAttribute('id')!]}`);
        if (e.localName === 'enum') put(key, `    ${v}    REG_SZ    ${kid(kid(kids(e, 'item')[1]!, 'value'), 'string').textContent}`);
      }
    }
    return [...byKey.entries()].map(([key, lines]) => `\r\nHKEY_LOCAL_MACHINE\\${key.replace(/^Software/, 'SOFTWARE')}\r\n${lines.join('\r\n')}\r\n`).join('') + '\r\n';
  }
  const load = (text: string) => loadPolicy([registrySource({ env: { SystemRoot: 'C:\\Windows', ProgramData: 'C:\\ProgramData' }, run: () => ({ status: 0, stdout: text, stderr: '' }) })]);

  it('every policy enabled: read with no error, each value where the app looks for it', () => {
    const loaded = load(regQueryFor(false));
    expect(loaded.errors).toEqual([]);
    expect(loaded.policy).toEqual({
      version: 1,
      allowCloud: true,
      autoUpdate: true,
      allowedVersions: '>=1.4.0 <2.0.0',
      allowBasicTextSecrets: true,
      syncServer: 'https://sync.acme.example',
      modelsDir: 'C:\\ProgramData\\SalesEdge\\models',
      lock: ['theme', 'sync.enabled'],
      settings: { uiLanguage: 'pt-BR', sync: { enabled: true }, llm: { baseUrl: 'http://llm.acme.example/v1' }, privacy: { retentionDays: 90, consentReminder: true, screenCaptureProtection: true }, asr: { language: 'pt' }, updates: { channel: 'beta' } },
    });
  });

  it('every policy disabled: read with no error (cloud, updates, sync and the reminder off)', () => {
    const loaded = load(regQueryFor(true));
    expect(loaded.errors).toEqual([]);
    expect(loaded.policy).toMatchObject({ allowCloud: false, autoUpdate: false, allowBasicTextSecrets: false, settings: { sync: { enabled: false }, privacy: { consentReminder: false } } });
  });

  it('every key the ADMX writes is under the one the app queries', () => {
    for (const p of policies) expect(p.getAttribute('key')!.startsWith(KEY_ROOT)).toBe(true);
  });
});

describe('sample configuration profile (.mobileconfig)', () => {
  const text = read('macos/com.salesedge.copilot.mobileconfig');
  const UUID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;

  it('is a valid plist: a Configuration profile with one com.salesedge.copilot payload', () => {
    const profile = parsePlistXml(text) as Record<string, unknown>;
    expect(profile).toMatchObject({ PayloadType: 'Configuration', PayloadVersion: 1, PayloadScope: 'System', PayloadIdentifier: expect.any(String), PayloadDisplayName: expect.any(String) });
    expect(profile.PayloadUUID).toMatch(UUID);
    const content = profile.PayloadContent as Record<string, unknown>[];
    expect(content).toHaveLength(1);
    expect(content[0]).toMatchObject({ PayloadType: 'com.salesedge.copilot', PayloadVersion: 1, PayloadIdentifier: expect.stringMatching(/^com\.salesedge\.copilot\./) });
    expect(content[0]!.PayloadUUID).toMatch(UUID);
    expect(content[0]!.PayloadUUID).not.toBe(profile.PayloadUUID);
  });

  it('its payload is a valid policy (as the app reads managed preferences)', () => {
    const payload = withoutPayloadKeys(((parsePlistXml(text) as Record<string, unknown>).PayloadContent as unknown[])[0]);
    expect(validatePolicyObject(payload, { coerce: true, impliedVersion: true })).toMatchObject({ errors: [] });
  });
});

describe('published JSON Schema', () => {
  const committed = JSON.parse(fs.readFileSync(POLICY_SCHEMA_FILE, 'utf8')) as Record<string, unknown>;
  const ajv = new Ajv2020({ strict: true, allErrors: true, formats: { uri: (s: string) => URL.canParse(s) } });
  const validate = ajv.compile(committed);

  it('is the one generated from the zod schema (regenerate: npm run policy:schema)', () => {
    expect(committed).toEqual(policyJsonSchema());
  });

  it('accepts what the app accepts: the fixtures, the README example, the profile payload', () => {
    const readme = fs.readFileSync(path.resolve(__dirname, '../../../README.md'), 'utf8');
    const example = /### IT policy[\s\S]*?```json\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toBeDefined();
    const payload = withoutPayloadKeys(((parsePlistXml(read('macos/com.salesedge.copilot.mobileconfig')) as Record<string, unknown>).PayloadContent as unknown[])[0]);
    for (const ok of [JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures/policy.json'), 'utf8')), JSON.parse(example!), { version: 1, ...(payload as object) }, { version: 1 }]) {
      expect(validate(ok), JSON.stringify(validate.errors)).toBe(true);
      expect(Policy.safeParse(ok).success).toBe(true);
    }
  });

  it('refuses what the app refuses', () => {
    for (const bad of [{}, { version: 2 }, { version: 1, allowCloud: 'yes' }, { version: 1, unknown: true }, { version: 1, lock: ['no such path!'] }, { version: 1, syncServer: 'not a url' }, { version: 1, settings: { sync: { url: 'x' } } }, { version: 1, settings: { privacy: { retentionDays: -1 } } }]) {
      expect(validate(bad), JSON.stringify(bad)).toBe(false);
      expect(Policy.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});
