import { createTheme } from '@mui/material/styles';

/**
 * The app's MUI theme. With `reduceMotion` (the OS's "reduce motion" setting, read as
 * `prefers-reduced-motion: reduce`) nothing animates: CSS transitions are off and collapses
 * (accordions), fades and slides happen at once, so nothing moves under the pointer while it opens.
 */
export function makeTheme(mode: 'light' | 'dark', reduceMotion = false) {
  return createTheme({
    palette: {
      mode,
      primary: { main: mode === 'light' ? '#0b5cad' : '#6fb1ff' },
      // Green dark enough for white text (5.4:1) in light mode, light enough for dark text in dark mode (WCAG AA).
      secondary: { main: mode === 'light' ? '#007a4d' : '#3ddc97' },
    },
    shape: { borderRadius: 8 },
    typography: { fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif' },
    ...(reduceMotion && {
      // Fade, Grow, Slide and Zoom take their timeouts from these durations; Collapse sizes its own.
      transitions: { create: () => 'none', duration: { shortest: 0, shorter: 0, short: 0, standard: 0, complex: 0, enteringScreen: 0, leavingScreen: 0 } },
      components: {
        MuiCollapse: { defaultProps: { timeout: 0 } },
        MuiButtonBase: { defaultProps: { disableRipple: true } },
      },
    }),
  });
}
