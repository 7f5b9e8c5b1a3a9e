import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  List,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  type AgreementDetail,
  type ChangeReason,
  changeReasons,
  type LearnerProfile,
  learnerProfileInput,
  type VersionDetail,
  type VersionStatus,
} from '@tilts/shared';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DateField } from '../../components/DateField.tsx';
import { FormAlert, LoadError, Loading } from '../../components/feedback.tsx';
import { currentLocale } from '../../i18n/index.ts';
import { ApiRequestError, api, errorText } from '../../lib/api.ts';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { useForm } from '../../lib/forms.ts';
import { useMe } from '../../lib/me-context.ts';
import { AgreementContentView, SignatureList } from './AgreementContentView.tsx';
import { AgreementEditor } from './AgreementEditor.tsx';
import { AssessmentPanel } from './AssessmentPanel.tsx';
import { agreementQuery, learnerProfileQuery, pdfLinks, versionQuery } from './queries.ts';
import { VersionCompare } from './VersionCompare.tsx';

const statusColor: Record<VersionStatus, string> = {
  draft: 'gray',
  awaiting_signatures: 'orange',
  signed: 'teal',
  superseded: 'gray',
  withdrawn: 'gray',
};

export function VersionBadge({ status }: { status: VersionStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={statusColor[status]} variant="light">
      {t(`agreements.statuses.${status}`)}
    </Badge>
  );
}

function problemText(error: unknown): string {
  if (error instanceof ApiRequestError) {
    const fields = Object.values(error.fields);
    return fields.length ? fields.join(' ') : error.message;
  }
  return errorText(error);
}

/** One learner's agreement: its versions, the newest in full, what is missing, and what the reader may do. */
export function AgreementView({ agreementId }: { agreementId: string }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const queryClient = useQueryClient();
  const me = useMe();
  const query = useQuery(agreementQuery(agreementId));
  const [shown, setShown] = useState<number | null>(null);
  const [editing, setEditing] = useState(false);
  const [signing, setSigning] = useState<'school' | 'learner' | null>(null);
  const [changing, setChanging] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const a = query.data;
  const other = useQuery({
    ...versionQuery(agreementId, shown ?? 0),
    enabled: a !== undefined && shown !== null && shown !== a.currentVersion,
  });

  const refresh = (updated?: AgreementDetail) => {
    if (updated) queryClient.setQueryData(agreementQuery(agreementId).queryKey, updated);
    else void queryClient.invalidateQueries({ queryKey: agreementQuery(agreementId).queryKey });
    void queryClient.invalidateQueries({ queryKey: ['agreements', 'placement'] });
    void queryClient.invalidateQueries({ queryKey: ['agreements', 'version', agreementId] });
    void queryClient.invalidateQueries({ queryKey: ['placements', 'detail'] });
  };
  const action = useMutation({
    mutationFn: (path: string) => api.post<AgreementDetail>(`/api/agreements/${agreementId}${path}`),
    onSuccess: (updated) => {
      setProblem(null);
      refresh(updated);
      notifications.show({ color: 'teal', message: t('agreements.done') });
    },
    onError: (error) => setProblem(problemText(error)),
  });

  if (query.isPending) return <Loading />;
  if (query.isError || !a) return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  const current = a.current;
  const viewing: VersionDetail | undefined =
    shown === null || shown === a.currentVersion ? current : other.data;
  const signedParties = current.signatures.filter((s) => s.signedAt).map((s) => s.party);
  const awaiting = current.status === 'awaiting_signatures';
  const needsMe =
    awaiting &&
    ((a.can.signAsSchool && !signedParties.includes('school')) ||
      (a.can.signAsLearner && !signedParties.includes('learner')));
  const links = pdfLinks(`/api/agreements/${a.id}/versions/${viewing?.version ?? current.version}/pdf`);

  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <Stack gap={2}>
          <Title order={2} size="h3">
            {t(`agreements.kinds.${a.kind}`)}: {a.learner.name}
          </Title>
          <Group gap="xs">
            <Text size="sm" c="dimmed">
              {t('agreements.versionN', { version: current.version })}
            </Text>
            <VersionBadge status={current.status} />
            {a.signedVersion !== null && a.signedVersion !== current.version && (
              <Text size="sm" c="dimmed">
                {t('agreements.inForce', { version: a.signedVersion })}
              </Text>
            )}
          </Group>
        </Stack>
        {a.versions.length > 1 && (
          <Select
            label={t('agreements.showVersion')}
            w={240}
            allowDeselect={false}
            value={String(shown ?? a.currentVersion)}
            onChange={(x) => {
              setShown(x ? Number(x) : null);
              setEditing(false);
            }}
            data={a.versions.map((v) => ({
              value: String(v.version),
              label: t('agreements.versionLabel', {
                version: v.version,
                status: t(`agreements.statuses.${v.status}`),
              }),
            }))}
          />
        )}
      </Group>

      {problem && <FormAlert message={problem} />}

      {viewing === current && (
        <>
          {current.changeReason && (
            <Alert color="blue" variant="light" title={t('agreements.changeProposal')}>
              {t(`agreements.reasons.${current.changeReason}`)}
              {current.changeComment && ` — ${current.changeComment}`}
            </Alert>
          )}
          {current.status === 'draft' &&
            (current.missing.length > 0 ? (
              <Alert color="orange" variant="light" title={t('agreements.missingTitle')}>
                <List size="sm">
                  {current.missing.map((m) => (
                    <List.Item key={m}>{t(`agreements.missing.${m}`)}</List.Item>
                  ))}
                </List>
              </Alert>
            ) : (
              <Alert color="teal" variant="light">
                {t('agreements.readyToSend')}
              </Alert>
            ))}
          {needsMe && (
            <Alert color="orange" variant="light" title={t('agreements.yourSignature')}>
              {t('agreements.yourSignatureText')}
            </Alert>
          )}
          <Group gap="xs">
            {a.can.edit && current.status === 'draft' && !editing && (
              <>
                <Button variant="default" onClick={() => setEditing(true)}>
                  {t('agreements.edit')}
                </Button>
                <Button
                  disabled={current.missing.length > 0}
                  loading={action.isPending && action.variables?.endsWith('/send')}
                  onClick={() => action.mutate(`/versions/${current.version}/send`)}
                >
                  {t('agreements.send')}
                </Button>
              </>
            )}
            {a.can.signAsSchool && awaiting && !signedParties.includes('school') && (
              <Button onClick={() => setSigning('school')}>{t('agreements.signAsSchool')}</Button>
            )}
            {a.can.signAsLearner && awaiting && !signedParties.includes('learner') && (
              <Button onClick={() => setSigning('learner')}>{t('agreements.signAsLearner')}</Button>
            )}
            {a.can.edit && awaiting && signedParties.length === 0 && (
              <Button
                variant="default"
                onClick={() => action.mutate(`/versions/${current.version}/withdraw`)}
              >
                {t('agreements.withdraw')}
              </Button>
            )}
            {a.can.edit && (current.status === 'signed' || (awaiting && signedParties.length > 0)) && (
              <Button variant="default" onClick={() => setChanging(true)}>
                {t('agreements.proposeChange')}
              </Button>
            )}
          </Group>
        </>
      )}

      {!viewing && <Loading />}
      {viewing && viewing !== current && (
        <Alert color="gray" variant="light">
          {t('agreements.olderVersion', {
            version: viewing.version,
            status: t(`agreements.statuses.${viewing.status}`),
          })}
        </Alert>
      )}
      {viewing &&
        (editing && viewing === current ? (
          <AgreementEditor agreement={a} version={current} onDone={() => setEditing(false)} />
        ) : (
          <SimpleGrid cols={{ base: 1, lg: 3 }} spacing="md">
            <div style={{ gridColumn: 'span 2', minWidth: 0 }}>
              <AgreementContentView content={viewing.content} />
            </div>
            <Stack>
              <Card withBorder padding="lg" component="section">
                <Title order={3} size="h5" mb="sm">
                  {t('agreements.signatures')}
                </Title>
                <SignatureList signatures={viewing.signatures} />
                {viewing.signedAt && (
                  <Text size="xs" c="dimmed" mt="sm">
                    {t('agreements.finalAt', { at: formatDateTime(viewing.signedAt, locale) })}
                  </Text>
                )}
                <Text size="xs" c="dimmed" mt="sm" style={{ overflowWrap: 'anywhere' }}>
                  SHA-256: {viewing.contentHash}
                </Text>
              </Card>
              <Card withBorder padding="lg" component="section">
                <Title order={3} size="h5" mb="sm">
                  {t('agreements.pdf')}
                </Title>
                <Group gap="sm">
                  <Anchor href={links.lv} download>
                    {t('agreements.pdfLv')}
                  </Anchor>
                  <Anchor href={links.en} download>
                    {t('agreements.pdfEn')}
                  </Anchor>
                </Group>
              </Card>
              {/* A workplace supervisor reads the agreement, not the learner's profile. */}
              {me.school?.role !== 'supervisor' && <LearnerProfileCard userId={a.learner.id} />}
            </Stack>
          </SimpleGrid>
        ))}

      {a.versions.length > 1 && <VersionCompare agreement={a} />}
      {a.signedVersion !== null && (
        <AssessmentPanel
          agreementId={a.id}
          placementId={a.placementId}
          placementStatus={a.placementStatus}
          learnerId={a.learner.id}
        />
      )}

      <SignModal
        agreementId={a.id}
        party={signing}
        version={current}
        onClose={() => setSigning(null)}
        onSigned={(updated) => {
          setSigning(null);
          setShown(null);
          refresh(updated);
          notifications.show({ color: 'teal', message: t('agreements.signedNotice') });
        }}
        onChanged={() => {
          setShown(null);
          refresh();
        }}
      />
      <ChangeModal
        opened={changing}
        agreementId={a.id}
        onClose={() => setChanging(false)}
        onDone={(updated) => {
          setChanging(false);
          setShown(null);
          refresh(updated);
          setEditing(true);
        }}
      />
    </Stack>
  );
}

function SignModal({
  agreementId,
  party,
  version,
  onClose,
  onSigned,
  onChanged,
}: {
  agreementId: string;
  party: 'school' | 'learner' | null;
  version: VersionDetail;
  onClose: () => void;
  onSigned: (a: AgreementDetail) => void;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const [consent, setConsent] = useState(false);
  const [position, setPosition] = useState(version.content.schoolSignatory.position);
  const [problem, setProblem] = useState<string | null>(null);
  const sign = useMutation({
    mutationFn: () =>
      api.post<AgreementDetail>(`/api/agreements/${agreementId}/versions/${version.version}/sign`, {
        contentHash: version.contentHash,
        position,
        consent: true,
      }),
    onSuccess: (a) => {
      setConsent(false);
      setProblem(null);
      onSigned(a);
    },
    onError: (error) => {
      setProblem(problemText(error));
      // The version changed since it was shown: show the new one behind the message.
      if (error instanceof ApiRequestError && error.status === 409) onChanged();
    },
  });
  return (
    <Modal
      opened={party !== null}
      onClose={onClose}
      title={party === 'school' ? t('agreements.signAsSchool') : t('agreements.signAsLearner')}
    >
      <form
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          if (!consent) return setProblem(t('agreements.consentNeeded'));
          sign.mutate();
        }}
      >
        <Stack>
          <FormAlert message={problem} />
          <Text size="sm">{t('agreements.signIntro', { version: version.version })}</Text>
          <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
            SHA-256: {version.contentHash}
          </Text>
          {party === 'school' && (
            <TextInput
              label={t('agreements.fields.position')}
              value={position}
              onChange={(e) => setPosition(e.currentTarget.value)}
            />
          )}
          <Checkbox
            label={t('agreements.consent')}
            checked={consent}
            onChange={(e) => setConsent(e.currentTarget.checked)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={sign.isPending}>
              {t('agreements.sign')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function ChangeModal({
  opened,
  agreementId,
  onClose,
  onDone,
}: {
  opened: boolean;
  agreementId: string;
  onClose: () => void;
  onDone: (a: AgreementDetail) => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState<ChangeReason>('outcome_not_available');
  const [comment, setComment] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const propose = useMutation({
    mutationFn: () =>
      api.post<AgreementDetail>(`/api/agreements/${agreementId}/changes`, { reason, comment }),
    onSuccess: (a) => {
      setProblem(null);
      setComment('');
      onDone(a);
    },
    onError: (error) => setProblem(problemText(error)),
  });
  return (
    <Modal opened={opened} onClose={onClose} title={t('agreements.proposeChange')}>
      <form
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          propose.mutate();
        }}
      >
        <Stack>
          <FormAlert message={problem} />
          <Text size="sm">{t('agreements.changeIntro')}</Text>
          <Select
            label={t('agreements.reason')}
            required
            allowDeselect={false}
            value={reason}
            onChange={(r) => r && setReason(r as ChangeReason)}
            data={changeReasons.map((r) => ({ value: r, label: t(`agreements.reasons.${r}`) }))}
          />
          <Textarea
            label={t('agreements.comment')}
            required={reason === 'other'}
            autosize
            minRows={2}
            value={comment}
            onChange={(e) => setComment(e.currentTarget.value)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={propose.isPending}>
              {t('agreements.makeVersion')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** A learner's birth date and guardian: the school records them; the learner sees their own. */
export function LearnerProfileCard({ userId }: { userId: string }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const query = useQuery(learnerProfileQuery(userId));
  if (query.isPending) return null;
  if (query.isError) return null;
  const p = query.data;
  return (
    <Card withBorder padding="lg" component="section">
      <Title order={3} size="h5" mb="sm">
        {t('agreements.profileTitle')}
      </Title>
      {p.canEdit ? (
        <ProfileForm profile={p} />
      ) : (
        <Stack gap={4}>
          {p.personalData === 'shown' ? (
            <Text size="sm">
              {t('agreements.fields.dateOfBirth')}: {p.dateOfBirth ? formatDate(p.dateOfBirth, locale) : '—'}
            </Text>
          ) : (
            p.minor !== null && <Text size="sm">{t(p.minor ? 'people.minor' : 'people.adult')}</Text>
          )}
          <Text size="sm">
            {t('people.nationalId')}: {p.nationalId ?? '—'}
          </Text>
          {p.personalData === 'masked' && (
            <Text size="xs" c="dimmed">
              {t('people.maskedHint')}
            </Text>
          )}
          {p.groupName && (
            <Text size="sm">
              {t('people.group')}: {p.groupName}
            </Text>
          )}
          <Text size="sm">
            {t('agreements.fields.guardian')}:{' '}
            {[p.guardianName, p.guardianEmail].filter(Boolean).join(', ') || '—'}
          </Text>
        </Stack>
      )}
    </Card>
  );
}

function ProfileForm({ profile }: { profile: LearnerProfile }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm({
    dateOfBirth: profile.dateOfBirth ?? '',
    nationalId: profile.nationalId ?? '',
    groupName: profile.groupName,
    guardianName: profile.guardianName,
    guardianEmail: profile.guardianEmail,
    guardianPhone: profile.guardianPhone,
  });
  const save = useMutation({
    mutationFn: (body: unknown) => api.put<LearnerProfile>(`/api/learners/${profile.userId}/profile`, body),
    onSuccess: (saved) => {
      queryClient.setQueryData(learnerProfileQuery(profile.userId).queryKey, saved);
      void queryClient.invalidateQueries({ queryKey: ['agreements'] });
      notifications.show({ color: 'teal', message: t('common.saved') });
    },
    onError: form.fail,
  });
  return (
    <form
      ref={form.formRef}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const body = form.check(learnerProfileInput, {
          ...form.values,
          dateOfBirth: form.values.dateOfBirth || null,
        });
        if (body) save.mutate(body);
      }}
    >
      <Stack gap="xs">
        <FormAlert message={form.formError} />
        <DateField
          label={t('agreements.fields.dateOfBirth')}
          value={form.values.dateOfBirth}
          onChange={(d) => form.setValue('dateOfBirth', d)}
          error={form.errors.dateOfBirth}
        />
        <TextInput
          label={t('people.nationalId')}
          autoComplete="off"
          inputMode="numeric"
          placeholder="290156-11605"
          {...form.input('nationalId')}
        />
        <TextInput label={t('people.group')} {...form.input('groupName')} />
        <Text size="xs" c="dimmed">
          {t('agreements.guardianHint')}
        </Text>
        <TextInput label={t('agreements.fields.guardianName')} {...form.input('guardianName')} />
        <TextInput
          label={t('agreements.fields.guardianEmail')}
          type="email"
          {...form.input('guardianEmail')}
        />
        <TextInput label={t('agreements.fields.guardianPhone')} {...form.input('guardianPhone')} />
        <Group justify="flex-end">
          <Button type="submit" size="xs" loading={save.isPending}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
