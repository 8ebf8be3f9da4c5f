import { describe, expect, it } from 'vitest';
import { makeTheme } from './theme';

describe('makeTheme', () => {
  it('animates by default', () => {
    const theme = makeTheme('light');
    expect(theme.transitions.create('height')).toMatch(/^height \d+ms/);
    expect(theme.components?.MuiCollapse).toBeUndefined();
  });

  it('turns every transition off when the OS asks for reduced motion', () => {
    const theme = makeTheme('dark', true);
    expect(theme.transitions.create(['height', 'opacity'])).toBe('none');
    expect(theme.components?.MuiCollapse?.defaultProps).toMatchObject({ timeout: 0 });
    expect(theme.transitions.duration.enteringScreen).toBe(0);
    expect(theme.transitions.duration.leavingScreen).toBe(0);
    expect(theme.palette.mode).toBe('dark');
  });
});
