/** The model manifest (models/manifest.json), validated once: a bad manifest is a build bug, not user input. */
import { z } from 'zod';
import manifestJson from '../../../models/manifest.json';

export const ModelEntry = z
  .object({
  /** What users type: `salesedge models fetch base`, `salesedge models fetch base-q8_0`. */
  name: z.string().regex(/^[a-z0-9._-]+$/),
  engine: z.literal('whisper'),
  version: z.string(),
  /** File name inside a models folder (user's or IT's). */
  file: z.string().regex(/^[A-Za-z0-9._-]+$/),
  languages: z.enum(['en', 'multilingual']),
  url: z.url(),
  /** Exact bytes, where the host publishes them (the f16 files' git-LFS size); checked before the digest. */
  size: z.number().int().positive().optional(),
  /** Roughly, for display, when the exact size is not published. */
  approxMiB: z.number().positive().optional(),
  /** The digest: sha256 (the git-LFS oid) or, for the quantised files, the SHA-1 whisper.cpp's models table lists. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  sha1: z.string().regex(/^[0-9a-f]{40}$/).optional(),
  /** Weight type: f16, or a ggml quantisation (smaller, and q8_0 a little faster on CPU). */
  quantization: z.enum(['f16', 'q8_0', 'q5_1']).default('f16'),
  license: z.string(),
  })
  .refine((m) => Boolean(m.sha256) !== Boolean(m.sha1), { message: 'exactly one of sha256 and sha1' });
export type ModelEntry = z.infer<typeof ModelEntry>;

/** The digest a model file is checked against. */
export const digestOf = (m: ModelEntry): { algorithm: 'sha256' | 'sha1'; value: string } =>
  m.sha256 ? { algorithm: 'sha256', value: m.sha256 } : { algorithm: 'sha1', value: m.sha1! };

export const Manifest = z.object({ schema: z.literal(1), models: z.array(ModelEntry).min(1) });
export type Manifest = z.infer<typeof Manifest>;

export const bundledManifest: Manifest = Manifest.parse(manifestJson);
