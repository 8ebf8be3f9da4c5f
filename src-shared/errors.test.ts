import { describe, expect, it } from 'vitest';
import { CoreError, oneLine } from './errors';

describe('oneLine', () => {
  it('keeps the first line of an error message, of a thrown string, and of anything else', () => {
    expect(oneLine(new Error('disk I/O error\n    at Database.prepare'))).toBe('disk I/O error');
    expect(oneLine('plain text\nmore')).toBe('plain text');
    expect(oneLine(42)).toBe('42');
    expect(oneLine(undefined)).toBe('undefined');
  });
  it('cuts a long first line to max characters', () => {
    expect(oneLine(new Error('x'.repeat(500)), 200)).toHaveLength(200);
    expect(oneLine(new Error('short'), 200)).toBe('short');
  });
});

describe('CoreError', () => {
  it('keeps the error underneath as cause, outside the message', () => {
    const under = new Error('SQLITE_READONLY: attempt to write a readonly database');
    const e = new CoreError('unavailable', 'the database is read-only', undefined, { cause: under });
    expect(e.message).toBe('the database is read-only');
    expect(e.cause).toBe(under);
    expect(e.code).toBe('unavailable');
  });
});
