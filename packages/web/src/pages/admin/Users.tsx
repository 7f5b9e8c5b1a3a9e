import { Badge, Button, Group, Modal, NativeSelect, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import {
  type InviteRequest,
  invitableRoles,
  inviteRequest,
  type Role,
  roles,
  type SchoolUser,
  type userPage,
} from '@tilts/shared';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { fullName } from '../../components/AppLayout.tsx';
import { FormAlert, LoadError, Loading } from '../../components/feedback.tsx';
import { CsvLink, Pager, SearchField, SortableTh } from '../../components/list.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { currentLocale } from '../../i18n/index.ts';
import { api, errorText, withQuery } from '../../lib/api.ts';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { useForm } from '../../lib/forms.ts';
import type { SortDir } from '../../lib/list-search.ts';
import { useMe } from '../../lib/me-context.ts';
import { PeopleImportButtons } from '../people/PeopleImport.tsx';
import type { UserSort } from './user-search.ts';

type UserPage = z.infer<typeof userPage>;

const route = getRouteApi('/app/admin/users');
const pageSize = 25;

function InviteModal({
  opened,
  onClose,
  allowed,
}: {
  opened: boolean;
  onClose: () => void;
  allowed: readonly Role[];
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm({ email: '', role: allowed.includes('learner') ? 'learner' : (allowed[0] ?? '') });

  const invite = useMutation({
    mutationFn: (body: InviteRequest) => api.post('/api/admin/invitations', body),
    onSuccess: (_, body) => {
      notifications.show({ color: 'teal', message: t('users.invited', { email: body.email }) });
      form.setValues({ email: '', role: body.role });
      void queryClient.invalidateQueries({ queryKey: ['users'] });
      onClose();
    },
    onError: form.fail,
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const body = form.check(inviteRequest);
    if (body) invite.mutate(body);
  }

  return (
    <Modal opened={opened} onClose={onClose} title={t('users.inviteTitle')} fullScreen={false} size="md">
      <form ref={form.formRef} onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm" c="dimmed">
            {t('users.inviteIntro')}
          </Text>
          <FormAlert message={form.formError} />
          <TextInput
            label={t('users.email')}
            type="email"
            autoComplete="off"
            inputMode="email"
            required
            data-autofocus
            {...form.input('email')}
          />
          <NativeSelect
            label={t('users.role')}
            required
            data={allowed.map((role) => ({ value: role, label: t(`roles.${role}`) }))}
            {...form.input('role')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={invite.isPending}>
              {t('users.inviteSubmit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function UsersPage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const me = useMe();
  const queryClient = useQueryClient();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const sort: UserSort = search.sort ?? 'name';
  const dir: SortDir = search.dir ?? 'asc';
  const page = search.page ?? 1;
  const filters = { q: search.q, role: search.role, sort, dir };
  const listKey = ['users', 'list', filters, page] as const;
  const [inviteOpened, inviteModal] = useDisclosure(false);
  const [confirming, setConfirming] = useState<SchoolUser | null>(null);
  const myRole = me.school?.role;
  // A coordinator sees the school's people and invites; only an admin changes roles and access.
  const isAdmin = myRole === 'admin';
  const canInvite = myRole ? invitableRoles[myRole] : [];

  const list = useQuery({
    queryKey: listKey,
    queryFn: ({ signal }) => api.get<UserPage>('/api/admin/users', { ...filters, page, pageSize }, signal),
    placeholderData: keepPreviousData,
  });

  const patchRow = (id: string, change: Partial<SchoolUser>) =>
    queryClient.setQueryData<UserPage>(listKey, (old) =>
      old ? { ...old, items: old.items.map((u) => (u.id === id ? { ...u, ...change } : u)) } : old,
    );

  const changeRole = useMutation({
    mutationFn: ({ user, role }: { user: SchoolUser; role: Role }) =>
      api.patch(`/api/admin/users/${user.id}/role`, { role }),
    // Show the new role at once; put the old one back if the server says no.
    onMutate: ({ user, role }) => {
      patchRow(user.id, { role });
      return { previous: user.role };
    },
    onSuccess: (_, { user, role }) =>
      notifications.show({
        color: 'teal',
        message: t('users.roleChanged', { name: fullName(user), role: t(`roles.${role}`) }),
      }),
    onError: (error, { user }, context) => {
      if (context) patchRow(user.id, { role: context.previous });
      notifications.show({ color: 'red', message: errorText(error) });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['users'] }),
  });

  const setActive = useMutation({
    mutationFn: ({ user, isActive }: { user: SchoolUser; isActive: boolean }) =>
      api.patch(`/api/admin/users/${user.id}/active`, { isActive }),
    onSuccess: (_, { user, isActive }) => {
      patchRow(user.id, { isActive });
      setConfirming(null);
      notifications.show({
        color: 'teal',
        message: t(isActive ? 'users.activated' : 'users.deactivated', { name: fullName(user) }),
      });
    },
    onError: (error) => notifications.show({ color: 'red', message: errorText(error) }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['users'] }),
  });

  const onSort = (column: UserSort, direction: SortDir) =>
    void navigate({ search: (prev) => ({ ...prev, sort: column, dir: direction, page: undefined }) });
  const sortable = (column: UserSort, label: string) => (
    <SortableTh column={column} sort={sort} dir={dir} onSort={onSort}>
      {label}
    </SortableTh>
  );

  return (
    <>
      <PageHeader
        title={t('users.title')}
        intro={t('users.intro')}
        actions={
          <>
            <CsvLink href={withQuery('/api/admin/users.csv', filters)} />
            {(isAdmin || myRole === 'coordinator') && <PeopleImportButtons staff={isAdmin} />}
            {canInvite.length > 0 && <Button onClick={inviteModal.open}>{t('users.invite')}</Button>}
          </>
        }
      />
      <Group mb="md" align="flex-end">
        <SearchField
          label={t('users.searchLabel')}
          placeholder={t('users.searchPlaceholder')}
          value={search.q}
          onSearch={(q) =>
            void navigate({ search: (prev) => ({ ...prev, q, page: undefined }), replace: true })
          }
        />
        <NativeSelect
          label={t('users.roleFilter')}
          value={search.role ?? ''}
          onChange={(event) => {
            const value = roles.find((r) => r === event.currentTarget.value);
            void navigate({ search: (prev) => ({ ...prev, role: value, page: undefined }) });
          }}
          data={[
            { value: '', label: t('users.allRoles') },
            ...roles.map((role) => ({ value: role, label: t(`roles.${role}`) })),
          ]}
          style={{ flex: '0 1 14rem' }}
        />
      </Group>

      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <Text c="dimmed" py="lg">
          {t('users.empty')}
        </Text>
      ) : (
        <>
          <Table.ScrollContainer minWidth={960} type="native">
            <Table striped highlightOnHover verticalSpacing="sm" aria-busy={list.isFetching}>
              <Table.Thead>
                <Table.Tr>
                  {sortable('name', t('users.name'))}
                  {sortable('email', t('users.email'))}
                  {sortable('role', t('users.role'))}
                  <Table.Th>{t('users.status')}</Table.Th>
                  <Table.Th>{t('users.lastSignIn')}</Table.Th>
                  {sortable('createdAt', t('users.createdAt'))}
                  {isAdmin && <Table.Th>{t('users.actions')}</Table.Th>}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.items.map((user) => {
                  const self = user.id === me.id;
                  const name = fullName(user);
                  const busy = setActive.isPending && setActive.variables?.user.id === user.id;
                  return (
                    <Table.Tr key={user.id}>
                      <Table.Td fw={500}>
                        {name}
                        {self && (
                          <Text span c="dimmed" size="sm">
                            {' '}
                            ({t('users.you')})
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>{user.email}</Table.Td>
                      <Table.Td>
                        {!isAdmin ? (
                          t(`roles.${user.role}`)
                        ) : (
                          <NativeSelect
                            aria-label={t('users.roleOf', { name })}
                            value={user.role}
                            disabled={self}
                            size="xs"
                            onChange={(event) => {
                              const role = roles.find((r) => r === event.currentTarget.value);
                              if (role && role !== user.role) changeRole.mutate({ user, role });
                            }}
                            data={roles.map((role) => ({ value: role, label: t(`roles.${role}`) }))}
                          />
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Badge color={user.isActive ? 'teal' : 'gray'} variant="light">
                          {user.isActive ? t('users.active') : t('users.inactive')}
                        </Badge>
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        {user.lastSignInAt ? formatDateTime(user.lastSignInAt, locale) : t('users.never')}
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        {formatDate(user.createdAt, locale)}
                      </Table.Td>
                      {isAdmin && (
                        <Table.Td>
                          {!self &&
                            (user.isActive ? (
                              <Button
                                size="xs"
                                variant="default"
                                color="red"
                                onClick={() => setConfirming(user)}
                              >
                                {t('users.deactivate')}
                              </Button>
                            ) : (
                              <Button
                                size="xs"
                                variant="default"
                                loading={busy}
                                onClick={() => setActive.mutate({ user, isActive: true })}
                              >
                                {t('users.activate')}
                              </Button>
                            ))}
                        </Table.Td>
                      )}
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Pager
            page={page}
            pageSize={pageSize}
            total={list.data.total}
            onPage={(next) =>
              void navigate({ search: (prev) => ({ ...prev, page: next > 1 ? next : undefined }) })
            }
          />
        </>
      )}

      <InviteModal opened={inviteOpened} onClose={inviteModal.close} allowed={canInvite} />

      <Modal
        opened={confirming !== null}
        onClose={() => setConfirming(null)}
        title={confirming ? t('users.deactivateTitle', { name: fullName(confirming) }) : ''}
      >
        <Stack>
          <Text size="sm">{t('users.deactivateText')}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(null)} data-autofocus>
              {t('common.cancel')}
            </Button>
            <Button
              color="red"
              loading={setActive.isPending}
              onClick={() => confirming && setActive.mutate({ user: confirming, isActive: false })}
            >
              {t('users.deactivate')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
