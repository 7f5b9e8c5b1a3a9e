import type { riskTexts as en } from '../en/risk.ts';
import type { Translation } from '../en.ts';

type Texts = Pick<Translation, keyof typeof en>;

/** Riska audzēkņi, sliekšņi un skatīšana audzēkņa vārdā. */
export const riskTexts: Texts = {
  risk: {
    nav: { atRisk: 'Riska audzēkņi', thresholds: 'Riska sliekšņi' },
    title: 'Riska audzēkņi',
    intro:
      'Visi audzēkņi aktīvās praksēs, riskantākie vispirms: sarkans — jārīkojas tūlīt, dzeltens — jāpaskatās. Iemesli pasaka, kāpēc.',
    scope: 'Kuru audzēkņi',
    scopeMine: 'Mani audzēkņi',
    scopeSchool: 'Visa skola',
    light: 'Krāsa',
    allLights: 'Visi',
    attention: 'Sarkanie un dzeltenie',
    lights: { red: 'Sarkans', amber: 'Dzeltens', green: 'Zaļš' },
    searchLabel: 'Meklēt',
    searchPlaceholder: 'Audzēknis, prakse vai mentors',
    learner: 'Audzēknis',
    placement: 'Prakse',
    mentor: 'Mentors',
    dates: 'Datumi',
    reasons: 'Iemesli',
    counts: 'Sarkani: {{red}} · dzelteni: {{amber}} · zaļi: {{green}}',
    empty: 'Aktīvās praksēs nav neviena audzēkņa.',
    viewAs: 'Skatīt kā audzēknis',
    viewAsLabel: 'Skatīt kā {{name}}',
    homeTitle: 'Audzēkņi, kam jāpievērš uzmanība',
    homeCount: 'Audzēkņi, kam jāpievērš uzmanība: {{count}}',
    homeNone: 'Visiem jūsu audzēkņiem aktīvās praksēs viss rit pēc plāna.',
    homeLink: 'Visi riska audzēkņi',
    myTitle: 'Mana virzība',
    myEmpty: 'Jums nav notiekošas prakses.',
    myHours: 'Stundas: {{done}} no {{planned}} plānotajām',
    myHoursNoPlan: 'Ierakstītās stundas: {{done}}',
    myTasks: 'Izpildīti uzdevumi: {{done}} no {{total}}',
    thresholdsTitle: 'Riska sliekšņi',
    thresholdsIntro:
      'Kad katrs signāls audzēkni iekrāso dzeltenu un kad sarkanu. Lielākajai daļai signālu lielāka vērtība ir sliktāka; pirmajam vērtējumam sliktāka ir mazāka daļa.',
    signal: 'Signāls',
    amber: 'Dzeltens no',
    red: 'Sarkans no',
    amberBelow: 'Dzeltens zem',
    redBelow: 'Sarkans zem',
    defaultValue: 'noklusējums: {{value}}',
    save: 'Saglabāt sliekšņus',
    saved: 'Sliekšņi saglabāti.',
    resetDefaults: 'Atjaunot noklusējumus',
  },
  viewAs: {
    banner: 'Skatāties kā {{name}} — tikai lasīšanai',
    exit: 'Iziet',
    gone: 'Šo audzēkni vairs nevar skatīt.',
  },
};
