import { z } from 'zod';
import { ObjectionType, SpokenLanguage } from '../taxonomy';

/**
 * Playbooks (objection type → reply variants) and battlecards (competitor → positioning,
 * landmines, proof points, talk track), per language. `bundled` rows ship with the app,
 * `user` rows are bundled ones the rep edited, `tenant` rows come from the sync server and
 * take precedence over both for the same objection type (or competitor) and language.
 */
export const ContentOrigin = z.enum(['bundled', 'user', 'tenant']);
export type ContentOrigin = z.infer<typeof ContentOrigin>;

const Line = z.string().trim().min(1).max(2000);

export const Playbook = z.object({
  id: z.string(),
  objectionType: ObjectionType,
  language: SpokenLanguage,
  title: z.string(),
  replies: z.array(z.string()),
  origin: ContentOrigin,
  updatedAt: z.number(),
  /** A bundled default exists for this id (so "restore default" applies). */
  hasDefault: z.boolean(),
  /** This row is the one the hint engine uses (a tenant row shadows the others). */
  active: z.boolean(),
});
export type Playbook = z.infer<typeof Playbook>;

export const Battlecard = z.object({
  id: z.string(),
  /** Stable competitor id (slug), e.g. `gong`, `rd-station`. */
  competitor: z.string(),
  /** Display name: the first alias. */
  name: z.string(),
  aliases: z.array(z.string()),
  language: SpokenLanguage,
  positioning: z.string(),
  landmines: z.array(z.string()),
  proofPoints: z.array(z.string()),
  talkTrack: z.string(),
  origin: ContentOrigin,
  updatedAt: z.number(),
  hasDefault: z.boolean(),
  active: z.boolean(),
});
export type Battlecard = z.infer<typeof Battlecard>;

const PlaybookEdit = z
  .object({
    id: z.string().min(1),
    title: Line.max(200),
    replies: z.array(Line).min(1, 'a playbook needs at least one reply').max(20),
  })
  .strict();

const BattlecardEdit = z
  .object({
    id: z.string().min(1),
    aliases: z.array(Line.max(100)).min(1, 'a battlecard needs at least one name'),
    positioning: Line,
    landmines: z.array(Line).max(20),
    proofPoints: z.array(Line).max(20),
    talkTrack: Line,
  })
  .strict();

const ById = z.object({ id: z.string().min(1) }).strict();

export const playbookRequests = {
  'playbooks.list': { request: z.object({ language: SpokenLanguage.optional() }).strict(), response: z.object({ playbooks: z.array(Playbook), battlecards: z.array(Battlecard) }) },
  'playbooks.save': { request: PlaybookEdit, response: Playbook },
  'playbooks.restore': { request: ById, response: Playbook },
  'battlecards.save': { request: BattlecardEdit, response: Battlecard },
  'battlecards.restore': { request: ById, response: Battlecard },
  /** The hosts the app may open links to (src-shared/links.ts): those the content links to, and the sync server. */
  'links.hosts': { request: z.object({}).strict(), response: z.object({ hosts: z.array(z.string()) }) },
} as const;

export const playbookEvents = {
  /** Playbooks or battlecards changed (edit, restore, tenant sync). */
  'playbooks.changed': z.object({}),
} as const;
