/** English texts of the people import, personal data and the retention period. */
export const peopleTexts = {
  people: {
    importLearners: 'Import learners',
    importStaff: 'Import staff',
    importLearnersTitle: 'Import learners from a CSV file',
    importLearnersIntro:
      'One learner per row: given name, family name and e-mail are required; group, date of birth, personal code and the guardian’s contact may follow. A file from a Latvian Excel (Windows-1257) works as it is. The same e-mail is the same person, so importing the same file again changes nothing. Nobody gets a password: people sign in with a link sent to their e-mail.',
    importStaffTitle: 'Import staff from a CSV file',
    importStaffIntro:
      'One person per row: given name, family name, e-mail and role (coordinator or teacher). The same e-mail is the same person. People sign in with a link sent to their e-mail.',
    nationalId: 'Personal code',
    group: 'Group',
    maskedHint: 'Shown in full to the school’s coordinators and the learner only.',
    minor: 'Under 18',
    adult: '18 or over',
    myDataTitle: 'My data',
    myDataText:
      'Download everything Tilts holds about you in this school: your details, placements, agreements, diary, messages, goals and credentials as one zip file.',
    myDataDownload: 'Download my data (zip)',
    retentionTitle: 'Keeping personal data',
    retentionIntro:
      'Learners whose last placement ended longer ago than this are anonymised every night: their names become a pseudonym, their contact details, personal code, date of birth and own texts are erased. Counts and statistics stay, and issued credentials stay verifiable.',
    retentionYears: 'Years after the last placement',
    retentionStatus:
      'Cut-off: placements that ended before {{cutoff}}. Due now: {{due}}. Already anonymised: {{anonymised}}.',
  },
};
