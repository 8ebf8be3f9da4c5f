import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TextField, type TextFieldProps } from '@mui/material';
import { dateOrder, formatDayKey, parseDayInput, type DayKey } from '../../../src-shared/local-date';

type Props = Omit<TextFieldProps, 'value' | 'onChange' | 'type'> & {
  /** The local day (yyyy-mm-dd), or '' for none. */
  value: DayKey;
  onChange(value: DayKey): void;
  testId?: string;
};

/**
 * A date typed in the UI language's own order (dd/mm/aaaa in pt-BR, mm/dd/yyyy in English),
 * whatever the browser's locale: Chromium's `<input type="date">` follows the OS locale, not
 * the app's language. Accepts 31/3/2025, 31.03.2025 and ISO 2025-03-31; shows an error (and
 * changes nothing) until the text is a real day; an emptied field clears the date.
 */
export function DateField({ value, onChange, testId, error, helperText, slotProps, ...rest }: Props) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [text, setText] = useState(() => formatDayKey(value, lang));
  const [focused, setFocused] = useState(false);
  const { order, separator } = dateOrder(lang);
  const format = order.map((f) => t(f === 'd' ? 'date.day' : f === 'm' ? 'date.month' : 'date.year')).join(separator);

  // A value set from outside (a preset, a reset) or a language switch shows in this language's order.
  useEffect(() => {
    if (!focused) setText(formatDayKey(value, lang));
  }, [value, lang, focused]);

  const parsed = text.trim() === '' ? '' : parseDayInput(text, lang);
  const invalid = parsed === null;
  return (
    <TextField
      {...rest}
      value={text}
      placeholder={format}
      error={invalid || error}
      helperText={invalid ? t('date.invalid', { format }) : helperText}
      onFocus={() => setFocused(true)}
      onBlur={() => {
        setFocused(false);
        if (parsed !== null) setText(formatDayKey(parsed, lang));
      }}
      onChange={(e) => {
        const next = e.target.value;
        setText(next);
        const day = next.trim() === '' ? '' : parseDayInput(next, lang);
        if (day !== null && day !== value) onChange(day);
      }}
      slotProps={{ ...slotProps, inputLabel: { shrink: true }, htmlInput: { inputMode: 'numeric', 'data-testid': testId, 'data-day': value, ...((slotProps?.htmlInput as object | undefined) ?? {}) } }}
    />
  );
}
