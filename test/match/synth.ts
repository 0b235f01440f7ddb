// A synthetic population with known truth, for accuracy, training and speed tests: families in
// desa of one province, registered in P3KE and (mostly) in DTKS, with the defects of domain.md —
// wrong, missing, mangled, placeholder and shared NIKs, name typos, variants, reordered and
// shortened names, swapped/placeholder/off-by-one birth dates, moved desa, split KK, twins,
// duplicates inside DTKS. All values are invented.
import { seededRandom } from '../../src/match/train.js';
import type { MatchRecord } from '../../src/match/types.js';
import { sortedTokens, testKey } from './factory.js';

const FIRST_COMMON = ['SITI', 'NUR', 'SRI', 'MUHAMMAD', 'AHMAD', 'DEWI', 'PUTRI', 'AGUS', 'ABDUL', 'BUDI', 'RINA', 'EKA', 'DWI', 'TRI'];
const FEMALE = [
  'AMINAH', 'RAHAYU', 'FATIMAH', 'KHAIRUNNISA', 'LESTARI', 'WULANDARI', 'YULIANTI', 'HANDAYANI', 'SUSANTI', 'MARYAM', 'AISYAH', 'NURHAYATI',
  'SUMIATI', 'PARTINI', 'SARINAH', 'SUPARMI', 'WAHYUNI', 'ANGGRAINI', 'PURNAMASARI', 'RAHMAWATI', 'HASANAH', 'MUNAWAROH', 'ZULAIKHA',
  'KARTIKA', 'INDAH', 'RATNA', 'YANTI', 'MULYANI', 'HARYATI', 'SURYANI', 'ROHANI', 'KHOLIFAH', 'JUARIAH', 'MASITOH', 'UMI', 'LAILA',
  'NINGSIH', 'ASTUTI', 'PUSPITA', 'MAULIDA', 'SALSABILA', 'NABILA', 'AZZAHRA', 'ANISA', 'FITRIANI', 'SAFITRI', 'OKTAVIANI', 'MEILANI',
];
const MALE = [
  'SUPARMAN', 'SUGIARTO', 'HIDAYAT', 'RAHMAN', 'HASAN', 'HUSEN', 'SETIAWAN', 'PRATAMA', 'SAPUTRA', 'KURNIAWAN', 'SANTOSO', 'WIBOWO',
  'SUSANTO', 'HARTONO', 'SUHARTO', 'SUKARNO', 'JOKO', 'SLAMET', 'SUPRIYADI', 'MULYADI', 'SUYONO', 'CAHYONO', 'KHAIRUL', 'ANWAR',
  'YUSUF', 'IBRAHIM', 'ISMAIL', 'ARIFIN', 'SYAIFUL', 'FAUZI', 'RIDWAN', 'FIRMANSYAH', 'HERMAWAN', 'GUNAWAN', 'HARIYANTO', 'SUBAGYO',
  'PRASETYO', 'NUGROHO', 'WIJAYA', 'HAMZAH', 'ILHAM', 'RIZKY', 'FADLI', 'ALDI', 'DIMAS', 'BAYU', 'ANDI', 'YOGA', 'TAUFIK', 'ZAINAL',
];
const SINGLE = ['SUPARMAN', 'SLAMET', 'SUKIRMAN', 'PAIJO', 'TUKIRAN', 'SARINAH', 'PARTINI', 'SUPARMI', 'KASMINAH', 'WAGIMAN', 'SAMINAH', 'TUMINAH', 'KARSO', 'PONIMIN', 'SUMIRAH', 'MARSINAH', 'RASIMAN', 'DARMI', 'TARMIJI', 'JUMINAH'];
const STREETS = ['JALAN MAWAR', 'JALAN MELATI', 'DUSUN KRAJAN', 'DUSUN SUKAMAJU', 'JALAN RAYA', 'GANG MANGGA', 'DUSUN WETAN', 'DUSUN KULON', 'JALAN MERDEKA', 'JALAN PEMUDA'];
const HUB = ['kepala_keluarga', 'istri', 'anak', 'orang_tua'] as const;

export interface SynthOptions {
  families: number;
  seed?: number;
  /** Share of P3KE persons also in DTKS. */
  overlap?: number;
  /** Desa per kecamatan, kecamatan per kabupaten, kabupaten. */
  regions?: [number, number, number];
  /** Scale every defect rate (1 = realistic, 0 = clean copies). */
  defects?: number;
  /** For populations built in batches: first kabupaten number and first record/person id. */
  kabOffset?: number;
  idOffset?: number;
}

export interface SynthPopulation {
  p3ke: MatchRecord[];
  dtks: MatchRecord[];
  /** recordId → person id. */
  person: Map<number, number>;
  /** Number of P3KE records whose person is in DTKS at least once (the reachable links). */
  reachable: number;
}

interface Person {
  id: number;
  family: number;
  tokens: string[];
  sex: 'L' | 'P';
  dob: string; // ISO
  nik: string;
  kk: string;
  desa: string;
  alamat: string;
  rt: number;
  rw: number;
  hub: (typeof HUB)[number];
  tempat: string;
  ibu: string;
  childOf: Person | null;
}

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

export function synthPopulation(options: SynthOptions): SynthPopulation {
  const rnd = seededRandom(options.seed ?? 7);
  const f = options.defects ?? 1;
  const chance = (p: number): boolean => rnd() < p * f;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  // Zipf-ish: early entries of a pool are more common
  const pickSkewed = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * rnd() * xs.length)]!;
  // about 300 families (1,000 persons) per desa, as in P3KE's poorer desa
  const [desaPerKec, kecPerKab, kabs] = options.regions ?? [8, 6, Math.max(2, Math.ceil(options.families / (300 * 48)))];

  const desas: string[] = [];
  const kabOffset = options.kabOffset ?? 0;
  for (let k = 1 + kabOffset; k <= kabs + kabOffset; k++)
    for (let c = 1; c <= kecPerKab; c++) for (let d = 1; d <= desaPerKec; d++) desas.push(`33${pad(k, 2)}${pad(c, 2)}${2000 + d}`);
  const kecOf = (desa: string): string => desa.slice(0, 6);

  const serials = new Map<string, number>();
  const makeNik = (kec: string, dob: string, sex: 'L' | 'P'): string => {
    const [y, m, d] = dob.split('-');
    const day = Number(d) + (sex === 'P' ? 40 : 0);
    const stem = `${kec}${pad(day, 2)}${m}${y!.slice(2)}`;
    const serial = (serials.get(stem) ?? 0) + 1;
    serials.set(stem, serial);
    return `${stem}${pad(serial, 4)}`;
  };
  const randomDob = (from: number, to: number): string => {
    const y = from + Math.floor(rnd() * (to - from + 1));
    const m = 1 + Math.floor(rnd() * 12);
    const d = 1 + Math.floor(rnd() * 28);
    return `${y}-${pad(m, 2)}-${pad(d, 2)}`;
  };
  // Real names have a long tail: beside the curated common tokens, a generated vocabulary
  const SYL = ['SU', 'KAR', 'MI', 'NAH', 'TI', 'WA', 'RI', 'YAN', 'TO', 'HAR', 'DI', 'SAN', 'JA', 'LI', 'MAN', 'RO', 'HA', 'NI', 'KUS', 'PUR', 'WAN', 'SRI', 'DAR', 'YA', 'TUN', 'FI', 'RAH', 'ZA', 'BU', 'GI'];
  const END_F = ['', 'AH', 'ATI', 'WATI', 'YANTI', 'NINGSIH', 'SARI'];
  const END_M = ['', 'AN', 'ANTO', 'YANTO', 'DI', 'NO', 'TO'];
  const makeVocab = (ends: string[]): string[] => {
    const out = new Set<string>();
    while (out.size < 3000) {
      let t = '';
      const n = 2 + Math.floor(rnd() * 2);
      for (let k = 0; k < n; k++) t += pick(SYL);
      out.add(t + pick(ends));
    }
    return [...out];
  };
  const vocabF = makeVocab(END_F);
  const vocabM = makeVocab(END_M);
  const token = (sex: 'L' | 'P'): string => (rnd() < 0.35 ? pick(sex === 'P' ? FEMALE : MALE) : pickSkewed(sex === 'P' ? vocabF : vocabM));
  const nameFor = (sex: 'L' | 'P'): string[] => {
    if (rnd() < 0.24) return [rnd() < 0.3 ? pick(SINGLE) : token(sex)];
    const first = rnd() < 0.45 ? pickSkewed(FIRST_COMMON) : token(sex);
    const rest = [token(sex)];
    if (rnd() < 0.3) rest.push(token(sex));
    return [first, ...rest.filter((t) => t !== first)];
  };

  let personId = options.idOffset ?? 0;
  let kkSerial = 0;
  const families: Person[][] = [];
  for (let fam = 0; fam < options.families; fam++) {
    const desa = pick(desas);
    const kec = kecOf(desa);
    const kk = `${kec}${pad(1 + Math.floor(rnd() * 28), 2)}${pad(1 + Math.floor(rnd() * 12), 2)}${pad(10 + Math.floor(rnd() * 12), 2)}${pad(++kkSerial % 10000 || 1, 4)}`;
    const alamat = `${pick(STREETS)} NO ${1 + Math.floor(rnd() * 80)}`;
    const rt = 1 + Math.floor(rnd() * 12);
    const rw = 1 + Math.floor(rnd() * 6);
    const issuing = (): string => (rnd() < 0.8 ? kec : kecOf(pick(desas)));
    const members: Person[] = [];
    const add = (tokens: string[], sex: 'L' | 'P', dob: string, hub: Person['hub'], childOf: Person | null, ibu: string): Person => {
      const p: Person = { id: personId++, family: fam, tokens, sex, dob, nik: makeNik(issuing(), dob, sex), kk, desa, alamat, rt, rw, hub, tempat: pick(['SEMARANG', 'KUDUS', 'DEMAK', 'PATI', 'JEPARA', 'BLORA']), ibu, childOf };
      members.push(p);
      return p;
    };
    const headSex = rnd() < 0.88 ? 'L' : 'P';
    const head = add(nameFor(headSex), headSex, randomDob(1945, 1995), 'kepala_keluarga', null, pick(FEMALE));
    let mother: Person | null = headSex === 'P' ? head : null;
    if (headSex === 'L' && rnd() < 0.85) mother = add(nameFor('P'), 'P', randomDob(1950, 1998), 'istri', null, pick(FEMALE));
    const children = Math.floor(rnd() * 5);
    const motherName = mother ? mother.tokens.join(' ') : pick(FEMALE);
    for (let c = 0; c < children; c++) {
      const sex = rnd() < 0.5 ? 'L' : 'P';
      const dob = randomDob(1996, 2022);
      add(nameFor(sex), sex, dob, 'anak', head, motherName);
      if (rnd() < 0.02) {
        // twins: same day, consecutive serials, often similar names
        const twinSex = rnd() < 0.5 ? 'L' : 'P';
        add(nameFor(twinSex), twinSex, dob, 'anak', head, motherName);
      }
    }
    if (rnd() < 0.08) add(nameFor('P'), 'P', randomDob(1930, 1950), 'orang_tua', null, pick(FEMALE));
    families.push(members);
  }

  // --- defects -------------------------------------------------------------------------------------
  const typo = (token: string): string => {
    if (token.length < 3) return token;
    const at = 1 + Math.floor(rnd() * (token.length - 1));
    const letters = 'AIUEOKNRSTMLHGY';
    const kind = rnd();
    if (kind < 0.4) return token.slice(0, at) + pick([...letters]) + token.slice(at + 1);
    if (kind < 0.7) return token.slice(0, at) + token.slice(at + 1);
    return token.slice(0, at) + pick([...letters]) + token.slice(at);
  };
  const variant = (token: string): string => {
    // spellings the phonetic key folds: doubled letters, Y for I, an inner H
    if (/I/.test(token) && rnd() < 0.5) return token.replace('I', 'Y');
    const at = 1 + Math.floor(rnd() * (token.length - 1));
    return token.slice(0, at) + token[at - 1] + token.slice(at);
  };
  const nikDate = (nik: string): { iso: string | null; sex: 'L' | 'P' | null } => {
    let d = Number(nik.slice(6, 8));
    const m = Number(nik.slice(8, 10));
    const yy = Number(nik.slice(10, 12));
    let sex: 'L' | 'P' = 'L';
    if (d > 40) {
      d -= 40;
      sex = 'P';
    }
    if (d < 1 || d > 31 || m < 1 || m > 12) return { iso: null, sex: null };
    const y = yy > 25 ? 1900 + yy : 2000 + yy;
    return { iso: `${y}-${pad(m, 2)}-${pad(d, 2)}`, sex };
  };

  let recordId = options.idOffset ?? 0;
  const person = new Map<number, number>();
  const toRecord = (p: Person, source: 'p3ke' | 'dtks', defects: boolean, sourceId: string, familyId: string): MatchRecord => {
    let tokens = [...p.tokens];
    let nik: string | null = p.nik;
    let nikStatus: MatchRecord['nikStatus'] = 'valid';
    let dob: string | null = p.dob;
    let dobFlag: MatchRecord['tglLahirFlag'] = 'ok';
    let sex: 'L' | 'P' | null = p.sex;
    let desa = p.desa;
    let alamat: string | null = p.alamat;
    let rt: number | null = p.rt;
    let rw: number | null = p.rw;
    let hub: MatchRecord['hubungan'] = p.hub;
    let kk: string | null = source === 'dtks' ? p.kk : null;
    if (defects) {
      // NIK
      const r = rnd();
      const rate = f;
      if (r < 0.06 * rate) {
        nik = null;
        nikStatus = 'missing';
      }
      else if (r < 0.08 * rate) {
        const at = 6 + Math.floor(rnd() * 10);
        nik = nik.slice(0, at) + String((Number(nik[at]) + 1 + Math.floor(rnd() * 8)) % 10) + nik.slice(at + 1);
      } else if (r < 0.09 * rate) {
        const at = 6 + Math.floor(rnd() * 9);
        nik = nik.slice(0, at) + nik[at + 1] + nik[at] + nik.slice(at + 2);
      } else if (r < 0.11 * rate) {
        nik = nik.slice(0, 12) + '0000';
        nikStatus = 'excel_mangled';
      } else if (r < 0.12 * rate) {
        nik = '1234567890123456';
        nikStatus = 'placeholder';
      } else if (r < 0.125 * rate) {
        nik = makeNik(kecOf(pick(desas)), randomDob(1940, 2020), rnd() < 0.5 ? 'L' : 'P');
      } else if (p.childOf && r < 0.145 * rate) nik = p.childOf.nik; // a child under a parent's NIK
      // name
      const n = rnd();
      if (n < 0.05 * rate) {
        const at = Math.floor(rnd() * tokens.length);
        tokens[at] = typo(tokens[at]!);
      } else if (n < 0.07 * rate && tokens.length > 1) tokens = [...tokens.slice(1), tokens[0]!];
      else if (n < 0.1 * rate && tokens.length > 1) tokens = rnd() < 0.5 ? [tokens[0]!] : tokens.slice(0, tokens.length - 1);
      else if (n < 0.14 * rate) {
        const at = Math.floor(rnd() * tokens.length);
        tokens[at] = variant(tokens[at]!);
      }
      // birth date
      const d = rnd();
      const [y, m, day] = p.dob.split('-');
      if (d < 0.04 * rate) {
        dob = null;
        dobFlag = 'missing';
      } else if (d < 0.08 * rate) {
        dob = `${y}-${pick(['01-01', '07-01', '12-31'])}`;
        dobFlag = 'placeholder';
      } else if (d < 0.095 * rate && Number(day) <= 12 && day !== m) dob = `${y}-${day}-${m}`;
      else if (d < 0.115 * rate) dob = `${Number(y) + (rnd() < 0.5 ? -1 : 1)}-${m}-${day}`;
      else if (d < 0.125 * rate) dob = `${y}-${m}-${pad(1 + ((Number(day) + Math.floor(rnd() * 8)) % 28), 2)}`;
      else if (d < 0.13 * rate) dob = randomDob(1940, 2020);
      if (chance(0.02)) sex = null;
      else if (chance(0.005)) sex = sex === 'L' ? 'P' : 'L';
      if (chance(0.05)) {
        const sameKec = desas.filter((x) => kecOf(x) === kecOf(p.desa) && x !== p.desa);
        desa = rnd() < 0.5 && sameKec.length > 0 ? pick(sameKec) : pick(desas);
        alamat = `${pick(STREETS)} NO ${1 + Math.floor(rnd() * 80)}`;
        rt = 1 + Math.floor(rnd() * 12);
        rw = 1 + Math.floor(rnd() * 6);
      } else if (chance(0.05) && alamat) alamat = typo(alamat);
      if (chance(0.1)) {
        rt = null;
        rw = null;
      }
      if (chance(0.08)) alamat = null;
      if (chance(0.05)) hub = pick(HUB);
      if (kk && chance(0.06)) kk = kk.slice(0, 12) + pad(Math.floor(rnd() * 9000) + 1000, 4); // split into a new KK
    }
    const nama = tokens.join(' ');
    const fromNik = nik && nikStatus === 'valid' ? nikDate(nik) : { iso: null, sex: null };
    if (nik && nikStatus === 'valid' && fromNik.iso === null) nikStatus = 'bad_date';
    const id = ++recordId;
    person.set(id, p.id);
    return {
      recordId: id,
      sourceId,
      // a DTKS household is known by its KK: a member split off into a new KK is another household
      familyId: source === 'dtks' ? kk : familyId,
      nik,
      nikStatus,
      nikTglLahir: fromNik.iso,
      nikSex: fromNik.sex,
      noKk: kk,
      noKkStatus: kk ? 'valid' : 'missing',
      nama,
      namaKey: testKey(nama),
      namaTokens: sortedTokens(nama),
      tglLahir: dob,
      tglLahirFlag: dobFlag,
      jenisKelamin: sex,
      hubungan: hub,
      tempatLahir: source === 'dtks' ? p.tempat : null,
      namaIbu: source === 'dtks' && rnd() < 0.6 ? p.ibu : null,
      kodeWilayah: desa,
      kodeKecamatan: desa.slice(0, 6),
      kodeKabupaten: desa.slice(0, 4),
      desa: null,
      alamat,
      rt: rt === null ? null : pad(rt, 3),
      rw: rw === null ? null : pad(rw, 3),
    };
  };

  const overlap = options.overlap ?? 0.85;
  const p3ke: MatchRecord[] = [];
  const dtks: MatchRecord[] = [];
  const inDtks = new Set<number>();
  const inP3ke = new Set<number>();
  families.forEach((members, fam) => {
    const inP = rnd() < 0.85;
    const inD = inP ? rnd() < 0.95 : true;
    if (inP)
      members.forEach((p, k) => {
        p3ke.push(toRecord(p, 'p3ke', rnd() < 0.5, `${(options.idOffset ?? 0) + 100000 + fam}-${k + 1}`, String((options.idOffset ?? 0) + 100000 + fam)));
        inP3ke.add(p.id);
      });
    if (inD)
      for (const p of members) {
        if (inP && rnd() > overlap / 0.95) continue;
        dtks.push(toRecord(p, 'dtks', true, `D${p.id}`, p.kk));
        inDtks.add(p.id);
        if (chance(0.01)) dtks.push(toRecord(p, 'dtks', true, `D${p.id}x`, p.kk));
      }
  });
  let reachable = 0;
  for (const r of p3ke) if (inDtks.has(person.get(r.recordId)!)) reachable++;
  void inP3ke;
  return { p3ke, dtks, person, reachable };
}

/** Precision and recall of the links with a status in `statuses`. */
export function accuracy(pop: SynthPopulation, links: readonly { p3keRecordId: number; dtksRecordId: number; status: string }[], statuses: readonly string[] = ['match']) {
  let tp = 0;
  let fp = 0;
  for (const l of links) {
    if (!statuses.includes(l.status)) continue;
    if (pop.person.get(l.p3keRecordId) === pop.person.get(l.dtksRecordId)) tp++;
    else fp++;
  }
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp / pop.reachable;
  return { tp, fp, precision, recall, f1: (2 * precision * recall) / (precision + recall) };
}
