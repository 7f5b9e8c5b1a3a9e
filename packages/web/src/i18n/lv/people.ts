import type { peopleTexts as en } from '../en/people.ts';

/** Cilvēku importa, personas datu un glabāšanas termiņa teksti. */
export const peopleTexts: typeof en = {
  people: {
    importLearners: 'Importēt audzēkņus',
    importStaff: 'Importēt darbiniekus',
    importLearnersTitle: 'Audzēkņu imports no CSV faila',
    importLearnersIntro:
      'Katrā rindā viens audzēknis: obligāti vārds, uzvārds un e-pasts; var būt arī grupa, dzimšanas datums, personas kods un likumiskā pārstāvja kontakti. Latviešu Excel fails (Windows-1257) der tāds, kāds ir. Tas pats e-pasts ir tas pats cilvēks, tāpēc, importējot to pašu failu vēlreiz, nekas nemainās. Paroles netiek veidotas: cilvēki pieslēdzas ar saiti, kas atnāk e-pastā.',
    importStaffTitle: 'Darbinieku imports no CSV faila',
    importStaffIntro:
      'Katrā rindā viens cilvēks: vārds, uzvārds, e-pasts un loma (koordinators vai skolotājs). Tas pats e-pasts ir tas pats cilvēks. Cilvēki pieslēdzas ar saiti, kas atnāk e-pastā.',
    nationalId: 'Personas kods',
    group: 'Grupa',
    maskedHint: 'Pilnībā to redz tikai skolas koordinatori un pats audzēknis.',
    minor: 'Nepilngadīgs',
    adult: 'Pilngadīgs',
    myDataTitle: 'Mani dati',
    myDataText:
      'Lejupielādējiet visu, kas Tilts par jums glabājas šajā skolā: jūsu datus, prakses, līgumus, dienasgrāmatu, ziņas, mērķus un sertifikātus vienā zip failā.',
    myDataDownload: 'Lejupielādēt manus datus (zip)',
    retentionTitle: 'Personas datu glabāšana',
    retentionIntro:
      'Audzēkņus, kuru pēdējā prakse beidzās senāk par šo termiņu, katru nakti anonimizē: vārds kļūst par pseidonīmu, kontakti, personas kods, dzimšanas datums un pašu rakstītie teksti tiek dzēsti. Skaiti un statistika paliek, izsniegtos sertifikātus joprojām var pārbaudīt.',
    retentionYears: 'Gadi pēc pēdējās prakses',
    retentionStatus:
      'Robeža: prakses, kas beidzās pirms {{cutoff}}. Anonimizējami tagad: {{due}}. Jau anonimizēti: {{anonymised}}.',
  },
};
