import { defaultMobilityRules, type OutcomeKind } from '@tilts/shared';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { qualificationSearchText } from '../features/catalogue/catalogue.repository.ts';
import { insertRules } from '../features/rules/rules.service.ts';
import { createPartner } from './factories.ts';

type Contact = { name: string; position: string; email: string; phone: string };
type Kind = 'company' | 'school' | 'intermediary';

// Host companies, partner schools and intermediaries in Latvia and abroad. Every Latvian letter
// (ā č ē ģ ī ķ ļ ņ š ū ž) is somewhere among them.
const partners: {
  kind: Kind;
  legal_name: string;
  registration_number: string;
  country: string;
  city: string;
  legal_address: string;
  website: string;
  sector: string;
  erasmus_oid?: string;
  contacts: Contact[];
}[] = [
  {
    kind: 'company',
    legal_name: 'SIA „Baltijas Būvmeistars”',
    registration_number: '40003123456',
    country: 'LV',
    city: 'Rīga',
    legal_address: 'Krasta iela 52, Rīga, LV-1003',
    website: 'https://buvmeistars.example.lv',
    sector: 'Būvniecība',
    contacts: [
      {
        name: 'Ilze Kļaviņa',
        position: 'Personāla vadītāja',
        email: 'ilze.klavina@buvmeistars.example.lv',
        phone: '+371 26 123 456',
      },
      {
        name: 'Jānis Čakste',
        position: 'Būvdarbu vadītājs',
        email: 'janis.cakste@buvmeistars.example.lv',
        phone: '+371 29 876 543',
      },
    ],
  },
  {
    kind: 'company',
    legal_name: 'AS „Latvijas Ķīmiskā rūpnīca”',
    registration_number: '40003654321',
    country: 'LV',
    city: 'Olaine',
    legal_address: 'Rūpnīcu iela 5, Olaine, LV-2114',
    website: 'https://kimija.example.lv',
    sector: 'Ķīmija',
    contacts: [
      {
        name: 'Ģirts Šņore',
        position: 'Ražošanas meistars',
        email: 'girts.snore@kimija.example.lv',
        phone: '+371 67 964 210',
      },
    ],
  },
  {
    kind: 'company',
    legal_name: 'SIA „Kurzemes Viesnīcas”',
    registration_number: '42103987654',
    country: 'LV',
    city: 'Liepāja',
    legal_address: 'Zivju iela 7, Liepāja, LV-3401',
    website: 'https://viesnicas.example.lv',
    sector: 'Viesmīlība',
    contacts: [
      {
        name: 'Līga Ūdre',
        position: 'Restorāna vadītāja',
        email: 'liga.udre@viesnicas.example.lv',
        phone: '+371 63 423 111',
      },
    ],
  },
  {
    kind: 'company',
    legal_name: 'SIA „Ģertrūdes IT risinājumi”',
    registration_number: '40103445566',
    country: 'LV',
    city: 'Rīga',
    legal_address: 'Ģertrūdes iela 33, Rīga, LV-1011',
    website: 'https://gertrudes-it.example.lv',
    sector: 'Informācijas tehnoloģijas',
    contacts: [
      {
        name: 'Edgars Žīgurs',
        position: 'Tehniskais direktors',
        email: 'edgars.zigurs@gertrudes-it.example.lv',
        phone: '+371 20 445 566',
      },
      {
        name: 'Anete Ņikitina',
        position: 'Prakšu koordinatore',
        email: 'anete.nikitina@gertrudes-it.example.lv',
        phone: '+371 20 445 577',
      },
    ],
  },
  {
    kind: 'company',
    legal_name: 'SIA „Žagatas ēdnīca”',
    registration_number: '44103112233',
    country: 'LV',
    city: 'Cēsis',
    legal_address: 'Rīgas iela 12, Cēsis, LV-4101',
    website: '',
    sector: 'Ēdināšana',
    contacts: [
      {
        name: 'Dace Ķirse',
        position: 'Šefpavāre',
        email: 'dace.kirse@zagata.example.lv',
        phone: '+371 26 555 101',
      },
    ],
  },
  {
    kind: 'company',
    legal_name: 'Müller Maschinenbau GmbH',
    registration_number: 'HRB 12345',
    country: 'DE',
    city: 'Dresden',
    legal_address: 'Königsbrücker Straße 96, 01099 Dresden',
    website: 'https://mueller-maschinenbau.example.de',
    sector: 'Mašīnbūve',
    contacts: [
      {
        name: 'Jürgen Weiß',
        position: 'Ausbildungsleiter',
        email: 'j.weiss@mueller-maschinenbau.example.de',
        phone: '+49 351 123 4567',
      },
    ],
  },
  {
    kind: 'company',
    legal_name: 'Hotel Zum Goldenen Löwen GmbH',
    registration_number: 'HRB 204518',
    country: 'DE',
    city: 'München',
    legal_address: 'Sendlinger Straße 24, 80331 München',
    website: 'https://goldener-loewe.example.de',
    sector: 'Viesmīlība',
    contacts: [
      {
        name: 'Sabine Köhler',
        position: 'Küchenchefin',
        email: 's.koehler@goldener-loewe.example.de',
        phone: '+49 89 2345 678',
      },
    ],
  },
  {
    kind: 'school',
    legal_name: 'Tallinna Tööstushariduskeskus',
    registration_number: '70004465',
    country: 'EE',
    city: 'Tallinn',
    legal_address: 'Järvevana tee 7, 10132 Tallinn',
    website: 'https://tthk.example.ee',
    sector: 'Profesionālā izglītība',
    erasmus_oid: 'E10063498',
    contacts: [
      {
        name: 'Mari Tamm',
        position: 'International coordinator',
        email: 'mari.tamm@tthk.example.ee',
        phone: '+372 5123 4567',
      },
    ],
  },
  {
    kind: 'company',
    legal_name: 'Pärnu Rannahotell OÜ',
    registration_number: '10987654',
    country: 'EE',
    city: 'Pärnu',
    legal_address: 'Ranna pst 5, 80012 Pärnu',
    website: 'https://rannahotell.example.ee',
    sector: 'Viesmīlība',
    contacts: [
      {
        name: 'Kätlin Õunapuu',
        position: 'Hotel manager',
        email: 'katlin@rannahotell.example.ee',
        phone: '+372 444 8900',
      },
    ],
  },
  {
    kind: 'school',
    legal_name: 'Stadin ammatti- ja aikuisopisto',
    registration_number: '0201256-6',
    country: 'FI',
    city: 'Helsinki',
    legal_address: 'Hattulantie 2, 00550 Helsinki',
    website: 'https://stadinao.example.fi',
    sector: 'Profesionālā izglītība',
    erasmus_oid: 'E10208766',
    contacts: [
      {
        name: 'Päivi Järvinen',
        position: 'Mobility coordinator',
        email: 'paivi.jarvinen@stadinao.example.fi',
        phone: '+358 9 310 8600',
      },
    ],
  },
  {
    kind: 'intermediary',
    legal_name: 'Mobility Partners Europe S.L.',
    registration_number: 'B12345678',
    country: 'ES',
    city: 'Valencia',
    legal_address: 'Calle de Colón 18, 46004 Valencia',
    website: 'https://mobilitypartners.example.es',
    sector: 'Mobilitātes starpnieks',
    contacts: [
      {
        name: 'Lucía Fernández',
        position: 'Project manager',
        email: 'lucia@mobilitypartners.example.es',
        phone: '+34 963 123 456',
      },
    ],
  },
  {
    kind: 'company',
    legal_name: 'Trattoria Da Lucia S.r.l.',
    registration_number: '03456780376',
    country: 'IT',
    city: 'Bologna',
    legal_address: 'Via dell’Indipendenza 44, 40121 Bologna',
    website: 'https://dalucia.example.it',
    sector: 'Ēdināšana',
    contacts: [
      {
        name: 'Niccolò Bianchi',
        position: 'Chef',
        email: 'niccolo@dalucia.example.it',
        phone: '+39 051 234 567',
      },
    ],
  },
  {
    kind: 'school',
    legal_name: 'Zespół Szkół Łączności w Gdańsku',
    registration_number: '000123456',
    country: 'PL',
    city: 'Gdańsk',
    legal_address: 'ul. Podwale Staromiejskie 51/52, 80-845 Gdańsk',
    website: 'https://zsl.example.pl',
    sector: 'Profesionālā izglītība',
    contacts: [
      {
        name: 'Małgorzata Wiśniewska',
        position: 'Koordynator Erasmus+',
        email: 'm.wisniewska@zsl.example.pl',
        phone: '+48 58 301 2345',
      },
    ],
  },
];

type Outcome = [OutcomeKind, string, string];
const qualifications: {
  code: string;
  title: string;
  title_en: string;
  eqf_level: number;
  lki_level: number;
  programme: string;
  units: {
    code: string;
    title: string;
    title_en: string;
    eqf_level: number;
    credit_points: number;
    outcomes: Outcome[];
  }[];
}[] = [
  {
    code: 'DST-4',
    title: 'Datorsistēmu tehniķis',
    title_en: 'Computer systems technician',
    eqf_level: 4,
    lki_level: 4,
    programme: 'Datorsistēmas, datubāzes un datortīkli (33 481 01 1)',
    units: [
      {
        code: 'DST-M1',
        title: 'Datortehnikas uzstādīšana un apkope',
        title_en: 'Installing and maintaining computer hardware',
        eqf_level: 4,
        credit_points: 6,
        outcomes: [
          [
            'knowledge',
            'Izskaidro datora aparatūras komponentu uzbūvi un savietojamību.',
            'Pareizi nosauc un raksturo vismaz piecus komponentus.',
          ],
          [
            'skills',
            'Saliek un konfigurē darbstaciju atbilstoši specifikācijai.',
            'Darbstacija startējas, visas ierīces darbojas, darbs paveikts noteiktajā laikā.',
          ],
          [
            'skills',
            'Diagnosticē un novērš tipiskas aparatūras kļūmes.',
            'Atrod kļūmes cēloni un dokumentē veiktās darbības.',
          ],
          [
            'responsibility_autonomy',
            'Ievēro darba drošības un elektrodrošības noteikumus, atbild par sava darba kvalitāti.',
            'Prakses vadītājs apliecina noteikumu ievērošanu visā prakses laikā.',
          ],
        ],
      },
      {
        code: 'DST-M2',
        title: 'Datortīklu izveide un uzturēšana',
        title_en: 'Building and maintaining computer networks',
        eqf_level: 4,
        credit_points: 6,
        outcomes: [
          [
            'knowledge',
            'Raksturo OSI modeļa slāņus un TCP/IP protokolu saimi.',
            'Atbild uz jautājumiem par katra slāņa uzdevumu.',
          ],
          [
            'skills',
            'Izveido un konfigurē lokālo tīklu ar maršrutētāju un komutatoru.',
            'Tīklā visas ierīces sasniedzamas, VLAN nodalīti pēc uzdevuma.',
          ],
          [
            'skills',
            'Pārbauda tīkla savienojamību un dokumentē konfigurāciju.',
            'Dokumentācija ir pilnīga un saprotama citam tehniķim.',
          ],
          [
            'responsibility_autonomy',
            'Patstāvīgi plāno darbu un saskaņo izmaiņas ar atbildīgo personu uzņēmumā.',
            'Izmaiņas veiktas tikai pēc saskaņošanas.',
          ],
        ],
      },
      {
        code: 'DST-M3',
        title: 'Operētājsistēmu un lietotāju atbalsts',
        title_en: 'Operating systems and user support',
        eqf_level: 4,
        credit_points: 4,
        outcomes: [
          [
            'knowledge',
            'Zina operētājsistēmu instalēšanas un atjaunināšanas principus.',
            'Izskaidro atjauninājumu politiku uzņēmumā.',
          ],
          [
            'skills',
            'Instalē operētājsistēmu un lietojumprogrammas, pārvalda lietotāju kontus.',
            'Instalācija atbilst uzņēmuma standartam.',
          ],
          [
            'skills',
            'Sniedz lietotājiem atbalstu latviešu un angļu valodā.',
            'Pieteikumi atrisināti, lietotāji apmierināti.',
          ],
          [
            'responsibility_autonomy',
            'Ievēro datu aizsardzības prasības un konfidencialitāti.',
            'Nav pieļauti datu aizsardzības pārkāpumi.',
          ],
        ],
      },
      {
        code: 'DST-M4',
        title: 'Uzņēmējdarbība un iniciatīva',
        title_en: 'Entrepreneurship and initiative',
        eqf_level: 4,
        credit_points: 2,
        outcomes: [
          [
            'knowledge',
            'Izprot uzņēmuma darbības pamatprincipus un klientu apkalpošanas kārtību.',
            'Apraksta uzņemošā uzņēmuma darbību.',
          ],
          [
            'skills',
            'Prezentē savu darbu kolēģiem svešvalodā.',
            'Prezentācija skaidra, jautājumi atbildēti.',
          ],
          [
            'responsibility_autonomy',
            'Uzņemas iniciatīvu, piedāvājot uzlabojumus darba procesā.',
            'Iesniegts vismaz viens pamatots priekšlikums.',
          ],
        ],
      },
    ],
  },
  {
    code: 'PAV-3',
    title: 'Pavārs',
    title_en: 'Cook',
    eqf_level: 3,
    lki_level: 3,
    programme: 'Ēdināšanas pakalpojumi (32 811 02 1)',
    units: [
      {
        code: 'PAV-M1',
        title: 'Ēdienu gatavošanas pamati',
        title_en: 'Basics of cooking',
        eqf_level: 3,
        credit_points: 8,
        outcomes: [
          [
            'knowledge',
            'Zina pārtikas produktu uzglabāšanas un apstrādes prasības.',
            'Pareizi nosaka produktu uzglabāšanas temperatūru un termiņus.',
          ],
          [
            'skills',
            'Sagatavo produktus un gatavo zupas, mērces un piedevas pēc tehnoloģiskās kartes.',
            'Ēdiens atbilst receptei, porcija un noformējums standartam.',
          ],
          [
            'skills',
            'Lieto virtuves iekārtas droši un atbilstoši instrukcijām.',
            'Iekārtas lietotas bez pārkāpumiem.',
          ],
          [
            'responsibility_autonomy',
            'Ievēro higiēnas prasības un HACCP principus.',
            'Paškontroles žurnāls aizpildīts katru maiņu.',
          ],
        ],
      },
      {
        code: 'PAV-M2',
        title: 'Nacionālās virtuves ēdieni',
        title_en: 'National cuisine',
        eqf_level: 3,
        credit_points: 4,
        outcomes: [
          [
            'knowledge',
            'Pazīst uzņemošās valsts virtuves tradīcijas un raksturīgos produktus.',
            'Nosauc un apraksta piecus tradicionālos ēdienus.',
          ],
          [
            'skills',
            'Gatavo latviešu un uzņemošās valsts tradicionālos ēdienus.',
            'Ēdieni pagatavoti un pasniegti viesiem.',
          ],
          [
            'responsibility_autonomy',
            'Sadarbojas komandā un pielāgojas virtuves darba ritmam.',
            'Šefpavāra vērtējums par sadarbību vismaz “labi”.',
          ],
        ],
      },
      {
        code: 'PAV-M3',
        title: 'Konditorejas izstrādājumi',
        title_en: 'Pastry products',
        eqf_level: 3,
        credit_points: 4,
        outcomes: [
          [
            'knowledge',
            'Zina mīklu veidus un to gatavošanas tehnoloģiju.',
            'Izskaidro raugu un smilšu mīklas atšķirības.',
          ],
          [
            'skills',
            'Cep maizi, smalkmaizītes un kūkas no dažādām mīklām.',
            'Izstrādājumi atbilst kvalitātes prasībām.',
          ],
          ['skills', 'Noformē desertus atbilstoši ēdienkartei.', 'Noformējums saskaņots ar šefpavāru.'],
          [
            'responsibility_autonomy',
            'Plāno savu darbu, lai izstrādājumi būtu gatavi noteiktajā laikā.',
            'Pasūtījumi izpildīti laikā.',
          ],
        ],
      },
    ],
  },
];

/** The demo school's partners with contacts, its two qualifications with units, and the rules 2025–2027. */
export async function seedRegisters(db: Kysely<DB>, schoolId: string, now: Date) {
  for (const { contacts, ...p } of partners) {
    await createPartner(db, { ...p, school_id: schoolId, created_at: now, updated_at: now }, contacts);
  }
  for (const { units, ...q } of qualifications) {
    const qualification = await db
      .insertInto('qualifications')
      .values({
        ...q,
        school_id: schoolId,
        search_text: qualificationSearchText({ ...q, titleEn: q.title_en }),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const { outcomes, ...u } of units) {
      const unit = await db
        .insertInto('units')
        .values({ ...u, school_id: schoolId, qualification_id: qualification.id })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('learning_outcomes')
        .values(
          outcomes.map(([kind, text, criteria], position) => ({
            school_id: schoolId,
            unit_id: unit.id,
            position,
            kind,
            text,
            assessment_criteria: criteria,
          })),
        )
        .execute();
    }
  }
  for (const year of [2025, 2026, 2027]) await insertRules(db, schoolId, year, defaultMobilityRules, now);
  return {
    partners: partners.length,
    qualifications: qualifications.length,
    units: qualifications.reduce((n, q) => n + q.units.length, 0),
  };
}
