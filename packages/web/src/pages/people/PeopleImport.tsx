import { Button } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ImportDialog } from '../../components/ImportDialog.tsx';

/**
 * The users page's import buttons: learners for the admin and the coordinator, staff (coordinators
 * and teachers) for the admin, each through the generic CSV import's preview and confirmation.
 */
export function PeopleImportButtons({ staff }: { staff: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [learnersOpened, learners] = useDisclosure(false);
  const [staffOpened, staffDialog] = useDisclosure(false);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['users'] });
  return (
    <>
      <Button variant="default" onClick={learners.open}>
        {t('people.importLearners')}
      </Button>
      {staff && (
        <Button variant="default" onClick={staffDialog.open}>
          {t('people.importStaff')}
        </Button>
      )}
      <ImportDialog
        kind="learners"
        title={t('people.importLearnersTitle')}
        intro={t('people.importLearnersIntro')}
        opened={learnersOpened}
        onClose={learners.close}
        onApplied={refresh}
      />
      {staff && (
        <ImportDialog
          kind="staff"
          title={t('people.importStaffTitle')}
          intro={t('people.importStaffIntro')}
          opened={staffOpened}
          onClose={staffDialog.close}
          onApplied={refresh}
        />
      )}
    </>
  );
}
