import { Button, Group, Table, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SortDir } from '../lib/list-search.ts';

/** A search box that updates the list as the user types (after a short pause) and on Enter. */
export function SearchField({
  label,
  placeholder,
  value,
  onSearch,
}: {
  label: string;
  placeholder?: string;
  value: string | undefined;
  onSearch: (value: string | undefined) => void;
}) {
  const [draft, setDraft] = useState(value ?? '');
  const inputRef = useRef<HTMLInputElement>(null);
  const commit = useDebouncedCallback((next: string) => onSearch(next.trim() || undefined), 300);

  // Follow the address when it changes from elsewhere (back button, "clear filters"), not while typing.
  useEffect(() => {
    if (document.activeElement !== inputRef.current) setDraft(value ?? '');
  }, [value]);

  return (
    <TextInput
      ref={inputRef}
      type="search"
      label={label}
      placeholder={placeholder}
      value={draft}
      onChange={(event) => {
        setDraft(event.currentTarget.value);
        commit(event.currentTarget.value);
      }}
      onKeyDown={(event) => {
        if (event.key === 'Enter') {
          event.preventDefault();
          commit.cancel?.();
          onSearch(draft.trim() || undefined);
        }
      }}
      style={{ flex: '1 1 16rem' }}
    />
  );
}

/** A column header that sorts the list: a button inside the header cell, with aria-sort on the cell. */
export function SortableTh<S extends string>({
  column,
  sort,
  dir,
  onSort,
  children,
}: {
  column: S;
  sort: S | undefined;
  dir: SortDir;
  onSort: (column: S, dir: SortDir) => void;
  children: ReactNode;
}) {
  const active = sort === column;
  return (
    <Table.Th aria-sort={active ? (dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <UnstyledButton
        onClick={() => onSort(column, active && dir === 'asc' ? 'desc' : 'asc')}
        fw={700}
        fz="sm"
        style={{ whiteSpace: 'nowrap' }}
      >
        {children}
        <Text span aria-hidden="true" c={active ? undefined : 'dimmed'} ml={4}>
          {active ? (dir === 'asc' ? '▲' : '▼') : '↕'}
        </Text>
      </UnstyledButton>
    </Table.Th>
  );
}

/** "1–25 of 80", Previous and Next. Hidden when there is nothing to page through. */
export function Pager({
  page,
  pageSize,
  total,
  onPage,
}: {
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
}) {
  const { t } = useTranslation();
  if (total === 0) return null;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const from = (page - 1) * pageSize + 1;
  const to = Math.min(total, page * pageSize);
  return (
    <Group justify="space-between" mt="md" gap="sm" component="nav" aria-label={t('common.pagination')}>
      <Text size="sm" c="dimmed" aria-live="polite">
        {t('common.shownOf', { from, to, total })}
        {pages > 1 && ` · ${t('common.pageOf', { page, pages })}`}
      </Text>
      {pages > 1 && (
        <Group gap="xs">
          <Button variant="default" size="xs" disabled={page <= 1} onClick={() => onPage(page - 1)}>
            {t('common.previous')}
          </Button>
          <Button variant="default" size="xs" disabled={page >= pages} onClick={() => onPage(page + 1)}>
            {t('common.next')}
          </Button>
        </Group>
      )}
    </Group>
  );
}

/** A plain link to a CSV export; the browser downloads it with the session cookie. */
export function CsvLink({ href }: { href: string }) {
  const { t } = useTranslation();
  return (
    <Button component="a" href={href} download variant="default">
      {t('common.exportCsv')}
    </Button>
  );
}
