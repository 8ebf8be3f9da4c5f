/** The model manifest (models/manifest.json), validated once: a bad manifest is a build bug, not user input. */
import { z } from 'zod';
import manifestJson from '../../../models/manifest.json';

export const ModelEntry = z.object({
  /** What users type: `salesedge models fetch base`. */
  name: z.string().regex(/^[a-z0-9.-]+$/),
  engine: z.literal('whisper'),
  version: z.string(),
  /** File name inside a models folder (user's or IT's). */
  file: z.string().regex(/^[A-Za-z0-9._-]+$/),
  languages: z.enum(['en', 'multilingual']),
  url: z.url(),
  size: z.number().int().positive(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  license: z.string(),
});
export type ModelEntry = z.infer<typeof ModelEntry>;

export const Manifest = z.object({ schema: z.literal(1), models: z.array(ModelEntry).min(1) });
export type Manifest = z.infer<typeof Manifest>;

export const bundledManifest: Manifest = Manifest.parse(manifestJson);
