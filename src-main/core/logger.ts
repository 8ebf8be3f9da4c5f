import pino from 'pino';

export type Logger = pino.Logger;

/** Structured logs to stderr (stdout is reserved for the CLI's JSON lines). */
export function createLogger(level: string = process.env.SALESEDGE_LOG ?? 'info'): Logger {
  return pino({ level, base: undefined }, pino.destination(2));
}
