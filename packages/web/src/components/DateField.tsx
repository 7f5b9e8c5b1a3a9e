import { DateInput, type DateInputProps } from '@mantine/dates';
import { useTranslation } from 'react-i18next';

const two = (n: string) => n.padStart(2, '0');

/** Reads what a person types: 6.4.2026 or 06.04.2026 (lv), 06/04/2026 (en), or 2026-04-06. */
export function parseTypedDate(text: string): string | null {
  const value = text.trim();
  let m = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(value);
  if (m) return checkDate(`${m[3]}-${two(m[2]!)}-${two(m[1]!)}`);
  m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value);
  if (m) return checkDate(`${m[1]}-${two(m[2]!)}-${two(m[3]!)}`);
  return null;
}

function checkDate(iso: string): string | null {
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso ? iso : null;
}

/**
 * A calendar date field that shows and takes dates as the interface language writes them
 * (dd.mm.yyyy in Latvian) whatever the browser's own locale; its value is YYYY-MM-DD.
 */
export function DateField({
  value,
  onChange,
  ...props
}: Omit<DateInputProps, 'value' | 'onChange'> & { value: string; onChange: (value: string) => void }) {
  const { i18n } = useTranslation();
  const lv = i18n.language === 'lv';
  return (
    <DateInput
      {...props}
      value={value || null}
      onChange={(next) => onChange(typeof next === 'string' ? next.slice(0, 10) : '')}
      valueFormat={lv ? 'DD.MM.YYYY' : 'DD/MM/YYYY'}
      placeholder={lv ? 'dd.mm.gggg' : 'dd/mm/yyyy'}
      dateParser={(text) => parseTypedDate(text)}
      clearable={!props.required}
      popoverProps={{ withinPortal: true }}
    />
  );
}
