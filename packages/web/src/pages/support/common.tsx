import { Badge, Text, type TextProps } from '@mantine/core';
import { type SupportAuthorRole, type SupportTopic, supportTopicNames } from '@tilts/shared';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLocale } from '../../i18n/index.ts';

const roleColors: Record<SupportAuthorRole, string> = {
  learner: 'blue',
  mentor: 'teal',
  teacher: 'cyan',
  coordinator: 'grape',
  supervisor: 'orange',
};

/** Who wrote something, as the others on the placement see them. */
export function RoleBadge({ role }: { role: SupportAuthorRole }) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color={roleColors[role]} size="sm">
      {t(`support.roles.${role}`)}
    </Badge>
  );
}

/**
 * Text people typed, shown exactly as typed: React escapes it, and line breaks are kept. Never HTML,
 * so a message with markup or a script in it is only characters.
 */
export function PlainText({ children, ...props }: TextProps & { children: ReactNode }) {
  return (
    <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} {...props}>
      {children}
    </Text>
  );
}

/** A topic's name in the interface language. */
export function topicName(topic: SupportTopic): string {
  return supportTopicNames[currentLocale()][topic];
}

/** Options for a topic picker, in the interface language. */
export function topicOptions(): { value: SupportTopic; label: string }[] {
  const names = supportTopicNames[currentLocale()];
  return (Object.keys(names) as SupportTopic[]).map((value) => ({ value, label: names[value] }));
}
