/**
 * Types the live path's parts share (the call session, its recorder, the live manager), kept
 * apart so that none of them imports another just for a type.
 */
import type { EventPayload } from '../../../src-shared/ipc';
import type { liveEvents } from '../../../src-shared/ipc/live';

type LiveEventMap = typeof liveEvents;
export type LiveEventName = keyof LiveEventMap;
/** One live event as the Live page and the overlay receive it. */
export type LiveEvent = { [E in LiveEventName]: { event: E; payload: EventPayload<E> } }[LiveEventName];

/** The running customer sentiment (the NLP layer's createRollingSentiment). */
export type RollingSentiment = { push(score: number, text?: string): number };
