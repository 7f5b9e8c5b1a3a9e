import { Button, Group, Modal, NativeSelect, Radio, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import {
  type HelpContext,
  type HelpTicketDetail,
  type HelpTicketInput,
  helpTicketInput,
} from '@tilts/shared';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormAlert } from '../../components/feedback.tsx';
import { api } from '../../lib/api.ts';
import { useForm } from '../../lib/forms.ts';
import { topicOptions } from './common.tsx';

function HelpForm({ onSent }: { onSent: (ticket: HelpTicketDetail) => void }) {
  const { t } = useTranslation();
  const context = useQuery({
    queryKey: ['help', 'context'],
    queryFn: () => api.get<HelpContext>('/api/help/context'),
  });
  const mentor = context.data?.mentor ?? null;
  const form = useForm({ category: 'technical', topic: '', subject: '', body: '' });
  const send = useMutation({
    mutationFn: (body: HelpTicketInput) => api.post<HelpTicketDetail>('/api/help/tickets', body),
    onSuccess: (ticket) => {
      notifications.show({ color: 'teal', message: t('help.sent') });
      onSent(ticket);
    },
    onError: form.fail,
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    const body = form.check(helpTicketInput, { ...form.values, topic: form.values.topic || undefined });
    if (body) send.mutate(body);
  }
  return (
    <form ref={form.formRef} onSubmit={submit} noValidate>
      <Stack>
        <Text size="sm">{t('help.lead')}</Text>
        <FormAlert message={form.formError} />
        <Radio.Group
          label={t('help.category')}
          required
          value={form.values.category}
          onChange={(value) => form.setValue('category', value)}
          error={form.errors.category}
        >
          <Stack gap="xs" mt="xs">
            <Radio
              value="technical"
              label={t('help.categories.technical')}
              description={t('help.technicalHint')}
            />
            {mentor && (
              <Radio
                value="mentor"
                label={t('help.categories.mentor')}
                description={t('help.mentorHint', { name: mentor.name, placement: mentor.placementTitle })}
              />
            )}
          </Stack>
        </Radio.Group>
        <NativeSelect
          label={t('help.topic')}
          data={[{ value: '', label: '—' }, ...topicOptions()]}
          {...form.input('topic')}
        />
        <TextInput label={t('help.subject')} required maxLength={200} {...form.input('subject')} />
        <Textarea
          label={t('help.body')}
          required
          autosize
          minRows={4}
          maxLength={5000}
          {...form.input('body')}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={send.isPending}>
            {t('help.send')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/**
 * "Need help" for every signed-in person (the hotline of seed 001, 3.2): a technical problem goes to
 * the school's administrators, "I need my mentor" to the mentor of the learner's current placement.
 */
export function HelpButton({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation();
  const [opened, { open, close }] = useDisclosure(false);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  return (
    <>
      <Button
        variant="light"
        color="orange"
        size="compact-sm"
        onClick={open}
        aria-haspopup="dialog"
        aria-label={t('help.button')}
      >
        {compact ? '?' : t('help.button')}
      </Button>
      <Modal opened={opened} onClose={close} title={t('help.title')} size="lg">
        {opened && (
          <HelpForm
            onSent={(ticket) => {
              close();
              void queryClient.invalidateQueries({ queryKey: ['help'] });
              void navigate({ to: '/help/$id', params: { id: ticket.id } });
            }}
          />
        )}
      </Modal>
    </>
  );
}
