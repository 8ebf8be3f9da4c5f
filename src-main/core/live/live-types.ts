/**
 * Types the live path's parts share (the call session, its recorder, the live manager), kept
 * apart so that none of them imports another just for a type.
 */
export type { LiveEvent } from '../../../src-shared/live-view';

/** The running customer sentiment (the NLP layer's createRollingSentiment). */
export type RollingSentiment = { push(score: number, text?: string): number };
