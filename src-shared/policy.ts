import { z } from 'zod';
import { SettingsPatch } from './settings';

/**
 * The IT policy (README: IT policy file). IT puts it where its tools do: the Windows registry
 * (HKLM\SOFTWARE\Policies\SalesEdge\Copilot, from the ADMX template), macOS managed preferences
 * (com.salesedge.copilot, from a configuration profile) or a JSON file. `settings` forces values,
 * and each forced setting is locked; `lock` locks more paths at their current value. The JSON
 * Schema in resources/policy/policy.schema.json is generated from this one (npm run policy:schema).
 */
export const Policy = z
  .object({
    version: z.literal(1).describe('Format version of this policy; always 1.'),
    settings: SettingsPatch.optional().describe('Settings forced to these values; each one is locked in the app.'),
    lock: z
      .array(z.string().regex(/^[a-zA-Z]+(\.[a-zA-Z]+)?$/))
      .default([])
      .describe('More settings locked at their current value: a section ("sync") or one setting ("sync.enabled").'),
    allowCloud: z.boolean().default(true).describe('When false, nothing leaves the laptop for an LLM or other cloud service (llm.enabled is forced off).'),
    modelsDir: z.string().optional().describe('Folder of Whisper models IT provides; used before any download.'),
    syncServer: z.string().url().optional().describe('Sync server the device must use (sync.serverUrl is forced to it and locked; enrolling elsewhere is refused).'),
    autoUpdate: z.boolean().default(true).describe('Silent auto-updates (electron-updater).'),
    allowedVersions: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .describe('Versions the updater may install, as a semver range (for example ">=1.4.0 <2.0.0"); an update outside it is not installed (the app checks it is a valid range).'),
    allowBasicTextSecrets: z
      .boolean()
      .default(false)
      .describe("Linux: let the desktop app keep sync credentials with Chromium's built-in basic_text key when no OS keyring is found (it protects nothing; by default sync sign-in is then refused)."),
  })
  .strict()
  .describe('SalesEdge Copilot IT policy');
export type Policy = z.infer<typeof Policy>;
/** A policy as IT writes it (defaults not filled in). */
export type PolicyInput = z.input<typeof Policy>;

/** Whether a setting (dotted path, "sync.enabled") is locked by a policy's lock list: itself or its whole section. */
export const isLockedPath = (locked: readonly string[], p: string): boolean => locked.includes(p) || locked.includes(p.split('.')[0]!);

/** Where the policy's JSON Schema is published (its $id). */
export const POLICY_SCHEMA_ID = 'urn:salesedge:copilot:policy:1';
