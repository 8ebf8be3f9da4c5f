import { z } from 'zod';

/** Objection taxonomy (README: Language models). Ids are stable; labels are translated in the UI. */
export const OBJECTION_TYPES = ['price', 'budget', 'timing', 'authority', 'need', 'competitor', 'trust', 'complexity', 'contract'] as const;
export const ObjectionType = z.enum(OBJECTION_TYPES);
export type ObjectionType = z.infer<typeof ObjectionType>;

/** The classifier's label set: every objection type plus `none`. */
export const OBJECTION_LABELS = [...OBJECTION_TYPES, 'none'] as const;
export const ObjectionLabel = z.enum(OBJECTION_LABELS);
export type ObjectionLabel = z.infer<typeof ObjectionLabel>;

export const Speaker = z.enum(['rep', 'customer']);
export type Speaker = z.infer<typeof Speaker>;

/** Languages the product speaks. `auto` lets the recogniser decide. */
export const SpokenLanguage = z.enum(['pt', 'en']);
export type SpokenLanguage = z.infer<typeof SpokenLanguage>;
