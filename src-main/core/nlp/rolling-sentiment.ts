/**
 * The call's running customer sentiment: an exponentially weighted mean of the per-utterance
 * scores in [-1, 1], so the gauge follows the customer's mood without jumping on one line.
 * The half-life is counted in utterances (default 4: the fourth-last utterance weighs half as
 * much as the latest). Longer utterances weigh more, up to `maxWeight`, because "ok" says less
 * about mood than a full sentence.
 */
type RollingSentiment = {
  /** Adds one customer utterance; returns the new rolling score. */
  push(score: number, text?: string): number;
  /** The rolling score, or null before the first utterance. */
  value(): number | null;
  reset(): void;
};

export function createRollingSentiment(options: { halfLife?: number; maxWeight?: number } = {}): RollingSentiment {
  const halfLife = options.halfLife ?? 4;
  const maxWeight = options.maxWeight ?? 2;
  if (!(halfLife > 0)) throw new RangeError('halfLife must be positive');
  const decay = Math.pow(0.5, 1 / halfLife);
  let weighted = 0;
  let total = 0;
  return {
    push(score, text) {
      if (!Number.isFinite(score)) throw new RangeError(`sentiment score must be a number in [-1, 1], got ${score}`);
      const s = Math.max(-1, Math.min(1, score));
      const words = text ? text.trim().split(/\s+/).filter(Boolean).length : 0;
      const weight = text === undefined ? 1 : Math.min(maxWeight, Math.max(0.25, words / 6));
      weighted = weighted * decay + s * weight;
      total = total * decay + weight;
      return weighted / total;
    },
    value: () => (total > 0 ? weighted / total : null),
    reset() {
      weighted = 0;
      total = 0;
    },
  };
}
