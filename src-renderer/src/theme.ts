import { createTheme } from '@mui/material/styles';

export function makeTheme(mode: 'light' | 'dark') {
  return createTheme({
    palette: {
      mode,
      primary: { main: mode === 'light' ? '#0b5cad' : '#6fb1ff' },
      // Green dark enough for white text (5.4:1) in light mode, light enough for dark text in dark mode (WCAG AA).
      secondary: { main: mode === 'light' ? '#007a4d' : '#3ddc97' },
    },
    shape: { borderRadius: 8 },
    typography: { fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif' },
  });
}
