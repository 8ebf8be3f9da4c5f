/**
 * Background sync schedule: a round every interval; after a failure, exponential backoff with
 * full jitter (a random delay in [0, min(cap, base·2^failures)]), so a fleet of laptops coming
 * back online after an outage does not hit the server in lockstep; after the server's
 * Retry-After when it gave one (see retryDelay).
 */
export function backoffDelay(failures: number, options: { baseMs?: number; capMs?: number; random?: () => number } = {}): number {
  const base = options.baseMs ?? 2000;
  const cap = options.capMs ?? 5 * 60_000;
  const ceiling = Math.min(cap, base * 2 ** Math.min(failures, 30));
  return Math.round((options.random ?? Math.random)() * ceiling);
}

/**
 * The wait after a failed round. When the server said when to come back (Retry-After on a 503
 * overloaded or a 429), the server paces the fleet: never sooner than that, and up to as long
 * again at random, so a fleet told "2 s" comes back spread over 2–4 s, not at once. Otherwise
 * the exponential full-jitter backoff.
 */
export function retryDelay(failures: number, retryAfterMs: number | undefined, options: { baseMs?: number; capMs?: number; random?: () => number } = {}): number {
  if (retryAfterMs === undefined) return backoffDelay(failures, options);
  return Math.round(retryAfterMs * (1 + (options.random ?? Math.random)()));
}

type LoopOptions = {
  run: () => Promise<void>;
  intervalMs: () => number;
  /** Whether a failure is worth retrying soon (else wait a full interval). */
  retryable?: (err: unknown) => boolean;
  /** The wait the server asked for after this failure (Retry-After), if any. */
  retryAfterMs?: (err: unknown) => number | undefined;
  onError?: (err: unknown) => void;
  random?: () => number;
};

export class SyncLoop {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private failures = 0;
  private stopped = true;

  constructor(private readonly options: LoopOptions) {}

  get consecutiveFailures(): number {
    return this.failures;
  }

  start(delayMs = 0): void {
    this.stopped = false;
    this.schedule(delayMs);
  }

  stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    return this.running ?? Promise.resolve();
  }

  /** Runs a round now (or right after the one in flight); resolves when it is done. */
  async runNow(): Promise<void> {
    if (this.running) await this.running.catch(() => undefined);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.tick();
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), ms);
    // Never keep the process alive just for sync.
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    this.timer = null;
    const round = (async () => {
      try {
        await this.options.run();
        this.failures = 0;
        this.schedule(this.options.intervalMs());
      } catch (err) {
        this.options.onError?.(err);
        const retry = this.options.retryable?.(err) ?? true;
        this.failures += 1;
        this.schedule(retry ? retryDelay(this.failures, this.options.retryAfterMs?.(err), { random: this.options.random }) : this.options.intervalMs());
      }
    })();
    this.running = round;
    try {
      await round;
    } finally {
      this.running = null;
    }
  }
}
