// Synthetic P3KE and DTKS exports with ground truth, for tests, `npm start` and the accuracy
// benchmarks. A seeded population of families is written twice, once as the P3KE individual
// sheet an officer receives (title block, `;`, Excel-damaged cells) and once as the SIKS-NG DTKS
// person export (pipe-delimited, all quoted, names not codes), each side damaged independently at
// the rates in scripts/fixtures/rates.ts. Only synthetic data: names are random combinations of
// common tokens, NIKs are built by the rules with random serials.
//
//   npm run fixtures -- --families 300 --seed 1 --out fixtures
//   npm run fixtures -- --persons 1000000 --seed 7 --out /tmp/big
//
// Output is streamed (rows are written as generated), so size is bounded by disk, not memory.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { regionByCode, type Region } from '../src/normalise/region-data.js';
import { csvCell, FileSink, quotedCell } from './fixtures/csv.js';
import { damageDate, damageKk, damageName, damageNik, renderDate } from './fixtures/defects.js';
import { typo } from './fixtures/names.js';
import {
  ageAt,
  buildSetting,
  World,
  type Address,
  type Family,
  type Person,
  type Rel,
} from './fixtures/population.js';
import { Permutation, Rng } from './fixtures/random.js';
import { DEFECTS, POPULATION, scaleRates, type SideRates } from './fixtures/rates.js';

/** The P3KE individual sheet's published header (export-layouts.md), verbatim. */
export const P3KE_HEADER = [
  'ID Keluarga', 'Provinsi', 'Kabupaten', 'Kecamatan', 'Desa', 'Kode Kemendagri', 'Desil Kesejahteraan',
  'Alamat', 'ID Individu', 'Nama', 'NIK', 'Padan Dukcapil', 'Jenis Kelamin', 'Hubungan Dengan Kpl. Keluarga',
  'Tanggal Lahir', 'Status Kawin', 'Pekerjaan', 'Pendidikan', 'Usia dibawah 7 tahun', 'Usia 7-12',
  'Usia 13-15', 'Usia 16-18', 'Usia 19-21', 'Usia 22-59', 'Usia 60 tahun keatas', 'Penerima BPNT',
  'Penerima BPUM', 'Penerima BST', 'Penerima PKH', 'Penerima SEMBAKO', 'Resiko Stunting', 'Pensasaran',
] as const;

/** The SIKS-NG DTKS person export's published header, verbatim (DESA/KELUARAHAN sic). */
export const DTKS_HEADER = [
  'ID DTKS', 'PROVINSI', 'KABUPATEN/KOTA', 'KECAMATAN', 'DESA/KELUARAHAN', 'ALAMAT', 'DUSUN', 'RT', 'RW',
  'NOKK', 'NIK', 'NAMA', 'TANGGAL LAHIR', 'TEMPAT LAHIR', 'JENIS KELAMIN', 'PEKERJAAN', 'NAMA IBU KANDUNG',
  'HUB KELUARGA', 'KETERANGAN PADAN', 'BANSOS BPNT', 'BANSOS PKH', 'BANSOS BPNT-PPKM', 'PBI JKN',
] as const;

export const TRUTH_HEADER = ['p3ke_id', 'dtks_id', 'person_key', 'traits', 'p3ke_defects', 'dtks_defects'] as const;
export const RECORDS_HEADER = ['source', 'id', 'family_id', 'person_key', 'traits', 'defects'] as const;

export const FILES = { p3ke: 'p3ke.csv', dtks: 'dtks.csv', truth: 'truth.csv', records: 'truth_records.csv' } as const;

export interface GenerateOptions {
  out: string;
  /** Number of P3KE families (default 300); ignored when `persons` is given. */
  families?: number;
  /** Generate families until this many P3KE persons (benchmarks). */
  persons?: number;
  seed?: string | number;
  /** Kemendagri kabupaten/kota code (`3205` or `32.05`); a seeded pick of a rural one otherwise. */
  kabupaten?: string;
  /** `;` (default: Excel in an Indonesian locale) or `,`. */
  p3keDelimiter?: ';' | ',';
  /** Add a `Persentil` column after `Desil Kesejahteraan` (not in the published header). */
  persentil?: boolean;
  /** Multiply every defect rate (0: clean data, 2: twice the damage). */
  defectScale?: number;
}

export interface GenerateResult {
  seed: string;
  kabupaten: { code: string; name: string };
  desaUsed: number;
  files: { p3ke: string; dtks: string; truth: string; records: string };
  bytes: { p3ke: number; dtks: number; truth: number; records: number };
  counts: {
    p3keFamilies: number;
    p3kePersons: number;
    /** P3KE persons with at least one DTKS record. */
    p3keLinked: number;
    dtksHouseholds: number;
    dtksRows: number;
    /** DTKS rows that are nobody in P3KE. */
    dtksOnlyRows: number;
    /** Second entries of a person inside DTKS. */
    dtksDuplicateRows: number;
    truthPairs: number;
  };
  /** Records carrying each defect, per source. */
  defects: { p3ke: Record<string, number>; dtks: Record<string, number> };
}

// ---------------------------------------------------------------------------------------------

const P3KE_REL: Record<Rel, string> = {
  kepala_keluarga: 'Kepala Keluarga',
  suami: 'Suami',
  istri: 'Istri',
  anak: 'Anak',
  menantu: 'Menantu',
  cucu: 'Cucu',
  orang_tua: 'Orang Tua',
  mertua: 'Mertua',
  famili_lain: 'Famili Lain',
};
const REL_CONFUSION: Partial<Record<Rel, Rel[]>> = {
  anak: ['cucu', 'famili_lain'],
  cucu: ['anak'],
  menantu: ['anak', 'famili_lain'],
  orang_tua: ['mertua'],
  mertua: ['orang_tua'],
  famili_lain: ['anak'],
};
const isChildRel = (rel: Rel): boolean => rel === 'anak' || rel === 'cucu';

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));
const pad3 = (n: number): string => String(n).padStart(3, '0');
const dottedCode = (code: string): string => `${code.slice(0, 2)}.${code.slice(2, 4)}.${code.slice(4, 6)}.${code.slice(6)}`;
const upper = (s: string): string => s.toUpperCase();
const joinTags = (tags: readonly string[]): string => tags.join(' ');

/** `Kabupaten Garut` → `KAB. GARUT` as SIKS-NG writes it. */
const dtksKabupaten = (kab: Region): string =>
  upper(kab.name.replace(/^Kabupaten\s+/i, 'KAB. '));


const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const hex32 = (n: number): string => HEX[n >>> 24]! + HEX[(n >>> 16) & 255]! + HEX[(n >>> 8) & 255]! + HEX[n & 255]!;

/** A UUID-shaped ID DTKS; the last 8 hex digits are a bijection of the counter, so ids never repeat. */
function idDtks(rng: Rng, counter: number): string {
  const a = hex32(rng.u32());
  const b = hex32(rng.u32());
  const c = hex32(rng.u32());
  const tail = hex32(Math.imul(counter + 1, 0x9e3779b1) >>> 0);
  return `${a}-${b.slice(0, 4)}-4${b.slice(5)}-${'89ab'[c.charCodeAt(0) & 3]}${c.slice(1, 4)}-${c.slice(4)}${tail}`;
}

interface DtksHousehold {
  kk: string;
  desa: Region;
  address: Address;
  members: { person: Person; rel: Rel }[];
  traits: string[];
  desil: number;
}

interface DtksRecord {
  id: string;
  tags: string[];
  traits: string[];
}

class Generator {
  private readonly rng: Rng;
  private readonly world: World;
  private readonly p3keRates: SideRates;
  private readonly dtksRates: SideRates;
  private readonly delimiter: string;
  private readonly kodeDotted: boolean;
  private readonly p3ke: FileSink;
  private readonly dtks: FileSink;
  private readonly truth: FileSink;
  private readonly records: FileSink;
  private readonly pool: string[] = [];
  private readonly poolSize = 400;
  private familyCounter = 0;
  /** 9-digit ID Keluarga from a permuted counter: random-looking, never repeated. */
  private readonly familyIds: Permutation;
  private dtksCounter = 0;
  private rowNo = 0;
  readonly counts: GenerateResult['counts'] = {
    p3keFamilies: 0,
    p3kePersons: 0,
    p3keLinked: 0,
    dtksHouseholds: 0,
    dtksRows: 0,
    dtksOnlyRows: 0,
    dtksDuplicateRows: 0,
    truthPairs: 0,
  };
  readonly defects = { p3ke: new Map<string, number>(), dtks: new Map<string, number>() };
  private readonly provName: string;
  private readonly kabP3ke: string;
  private readonly kabDtks: string;
  private readonly p3keColumns: number;

  constructor(
    private readonly opts: { out: string; p3keDelimiter: ';' | ','; persentil: boolean; defectScale: number },
    rng: Rng,
    world: World,
  ) {
    this.rng = rng;
    this.world = world;
    this.p3keRates = scaleRates(DEFECTS.p3ke, opts.defectScale);
    this.dtksRates = scaleRates(DEFECTS.dtks, opts.defectScale);
    this.delimiter = opts.p3keDelimiter;
    this.kodeDotted = rng.chance(0.5);
    this.familyIds = new Permutation(rng, 900_000_000);
    const s = world.setting;
    this.provName = upper(s.province.name);
    this.kabP3ke = upper(s.kabupaten.name);
    this.kabDtks = dtksKabupaten(s.kabupaten);
    mkdirSync(opts.out, { recursive: true });
    this.p3ke = new FileSink(join(opts.out, FILES.p3ke));
    this.dtks = new FileSink(join(opts.out, FILES.dtks));
    this.truth = new FileSink(join(opts.out, FILES.truth));
    this.records = new FileSink(join(opts.out, FILES.records));
    this.p3keColumns = P3KE_HEADER.length + 1 + (opts.persentil ? 1 : 0);
  }

  private count(side: 'p3ke' | 'dtks', tags: readonly string[]): void {
    const map = this.defects[side];
    for (const tag of tags) map.set(tag, (map.get(tag) ?? 0) + 1);
  }

  // --- file heads ---------------------------------------------------------------------------

  writeHeads(): void {
    const d = this.delimiter;
    // Excel pads every row of a sheet to the used width, title rows included.
    const padRow = (text: string): string => csvCell(text, d) + d.repeat(this.p3keColumns - 1);
    const s = this.world.setting;
    this.p3ke.line(padRow('DATA P3KE - PENSASARAN PERCEPATAN PENGHAPUSAN KEMISKINAN EKSTREM'), '\r\n');
    this.p3ke.line(padRow(`${upper(s.kabupaten.name)} PROVINSI ${upper(s.province.name)}`), '\r\n');
    this.p3ke.line(padRow('SUMBER: KEMENKO PMK (PK21 BKKBN), DATA INDIVIDU DESIL 1-4'), '\r\n');
    this.p3ke.line(padRow(''), '\r\n');
    const header: string[] = ['No', ...P3KE_HEADER];
    if (this.opts.persentil) header.splice(header.indexOf('Desil Kesejahteraan') + 1, 0, 'Persentil');
    this.p3ke.line(header.map((h) => csvCell(h, d)).join(d), '\r\n');
    this.dtks.line(DTKS_HEADER.map(quotedCell).join('|'), '\n');
    this.truth.line(TRUTH_HEADER.join(','), '\n');
    this.records.line(RECORDS_HEADER.join(','), '\n');
  }

  // --- P3KE ---------------------------------------------------------------------------------

  private p3keAlamat(f: Family): string {
    const a = f.address;
    const rng = this.rng;
    const k = rng.int(0, 3);
    const rtrw =
      k === 0 ? `RT ${pad3(a.rt)} RW ${pad3(a.rw)}` : k === 1 ? `RT.${pad2(a.rt)}/RW.${pad2(a.rw)}` : k === 2 ? `RT/RW: ${pad3(a.rt)}/${pad3(a.rw)}` : `RT ${a.rt} RW ${a.rw}`;
    const place = a.street
      ? `JL. ${a.street} NO. ${a.houseNo}`
      : rng.pick([`DSN. ${a.dusun}`, `DUSUN ${a.dusun}`, f.flavour === 'sundanese' ? `KP. ${a.dusun}` : `DSN ${a.dusun}`, a.dusun]);
    // A few addresses carry the delimiter itself: the writer must quote them.
    const sep = rng.chance(0.002) ? '; ' : rng.chance(0.3) ? ', ' : ' ';
    return `${place}${sep}${rtrw}`;
  }

  /** Writes one P3KE family; returns each member's p3ke_id and defects. */
  writeP3keFamily(f: Family): Map<Person, { id: string; tags: string[] }> {
    const rng = this.rng;
    const d = this.delimiter;
    const rates = this.p3keRates;
    const familyId = String(100_000_000 + this.familyIds.apply(this.familyCounter++));
    this.counts.p3keFamilies++;
    const familyTags: string[] = [];
    let desil = String(f.desil);
    if (this.opts.persentil && rng.chance(rates.desil_persentil_mismatch)) {
      desil = String(f.desil === 4 ? 3 : f.desil + 1);
      familyTags.push('desil_persentil_mismatch');
    }
    if (rng.chance(0.03)) desil = `Desil ${desil}`;
    const dotted = rng.chance(0.03) ? !this.kodeDotted : this.kodeDotted;
    const familyCells = [
      familyId,
      this.provName,
      this.kabP3ke,
      upper(f.kec.name),
      upper(f.desa.name),
      dotted ? dottedCode(f.desa.code) : f.desa.code,
      desil,
      ...(this.opts.persentil ? [String(f.persentil)] : []),
      this.p3keAlamat(f),
    ]
      .map((c) => csvCell(c, d))
      .join(d);
    const poor = 5 - f.desil; // 4 for desil 1 … 1 for desil 4
    const yn = (p: number): string => (rng.chance(p) ? 'Ya' : 'Tidak');
    const programmes = [yn(0.12 * poor + 0.1), yn(0.05), yn(0.05 * poor), yn(0.1 * poor), yn(0.12 * poor + 0.1)].join(d);
    const hasToddler = f.members.some((m) => ageAt(m.birth) < 5);
    const stunting = hasToddler && rng.chance(0.3) ? 'Ya' : 'Tidak';
    const sasaran = rng.chance(0.9) ? 'Ya' : 'Tidak';

    const out = new Map<Person, { id: string; tags: string[] }>();
    f.members.forEach((p, i) => {
      const tags = [...familyTags];
      const age = ageAt(p.birth);
      const name = damageName(rng, p.tokens, { rates, sex: p.sex, birthYear: p.birth.y, father: p.father, binCommon: this.world.setting.binCommon, adult: age >= 17 }, tags);
      const parentNik = isChildRel(p.rel) && p.parent && f.members.includes(p.parent) ? p.parent.nik : undefined;
      const nik = damageNik(rng, p.nik, { rates, parentNik, kk: f.kk }, tags);
      const padan = this.padan(tags) ? 'Ya' : 'Tidak';
      let sex = p.sex;
      if (rng.chance(rates.sex_wrong)) {
        sex = sex === 'L' ? 'P' : 'L';
        tags.push('sex_wrong');
      }
      let rel = p.rel;
      const confusions = REL_CONFUSION[rel];
      if (confusions && rng.chance(rates.rel_differs)) {
        rel = rng.pick(confusions);
        tags.push('rel_differs');
      }
      const date = renderDate(rng, damageDate(rng, p.birth, rates, tags), 'dash', rates, tags);
      const usia = [age < 7, age >= 7 && age <= 12, age >= 13 && age <= 15, age >= 16 && age <= 18, age >= 19 && age <= 21, age >= 22 && age <= 59, age >= 60]
        .map((b) => (b ? 'Ya' : 'Tidak'))
        .join(d);
      const id = `${familyId}-${i + 1}`;
      const cells = [
        String(++this.rowNo),
        familyCells,
        String(i + 1),
        csvCell(name, d),
        csvCell(nik, d),
        padan,
        sex === 'L' ? 'Laki-laki' : 'Perempuan',
        P3KE_REL[rel],
        csvCell(date, d),
        p.marital,
        csvCell(p.job, d),
        csvCell(p.edu, d),
        usia,
        programmes,
        stunting,
        sasaran,
      ];
      this.p3ke.line(cells.join(d), '\r\n');
      this.counts.p3kePersons++;
      this.count('p3ke', tags);
      this.records.line(['p3ke', id, familyId, p.key, joinTags(p.traits), joinTags(tags)].join(','), '\n');
      out.set(p, { id, tags });
    });
    return out;
  }

  /** Padan Dukcapil / KETERANGAN PADAN: usually agrees with whether the NIK is intact. */
  private padan(tags: readonly string[]): boolean {
    const damaged = tags.some((t) => t.startsWith('nik_') && t !== 'nik_apostrophe' && t !== 'nik_spaces' && t !== 'nik_dots');
    return damaged ? this.rng.chance(0.15) : this.rng.chance(0.94);
  }

  // --- DTKS ---------------------------------------------------------------------------------

  private desaName(desa: Region, tags: string[]): string {
    const name = upper(desa.name);
    if (!this.rng.chance(this.dtksRates.desa_name_variant)) return name;
    const rng = this.rng;
    const options: (() => string | null)[] = [
      () => `${desa.code[6] === '1' ? 'KEL.' : 'DESA'} ${name}`,
      () => (name.includes(' ') ? name.replace(/ /g, '') : null),
      () => {
        const m = /^(SUKA|MEKAR|KARANG|SIDO|TANJUNG|SUMBER|MULYO|JATI|TEGAL|BANJAR|CI)(\w{3,})$/.exec(name);
        return m ? `${m[1]} ${m[2]}` : null;
      },
      () => {
        const tokens = name.split(' ');
        const i = rng.int(0, tokens.length - 1);
        const damaged = typo(rng, tokens[i] as string, rng.pick(['sub', 'del', 'transpose'] as const));
        if (!damaged) return null;
        tokens[i] = damaged;
        return tokens.join(' ');
      },
    ];
    for (const i of rng.shuffle([0, 1, 2, 3])) {
      const variant = (options[i] as () => string | null)();
      if (variant && variant !== name) {
        tags.push('desa_name_variant');
        return variant;
      }
    }
    return name;
  }

  /** Renders a household's rows (with in-place duplicates) into the shuffle pool. */
  writeDtksHousehold(h: DtksHousehold, linked: Map<Person, DtksRecord[]>): void {
    const rng = this.rng;
    const rates = this.dtksRates;
    const kec = this.world.kecamatanOf(h.desa);
    const householdTags: string[] = [];
    let rt = h.address.rt;
    let rw = h.address.rw;
    if (rng.chance(rates.rt_rw_differs)) {
      if (rng.chance(0.6)) rt = rt === 1 ? 2 : rt + (rng.chance(0.5) ? 1 : -1);
      else rw = rw === 1 ? 2 : rw - 1;
      householdTags.push('rt_rw_differs');
    }
    const desaName = this.desaName(h.desa, householdTags);
    const padded = rng.chance(0.7);
    const place = (address: Address): [string, string] =>
      address.street
        ? [`JL. ${address.street} NO. ${address.houseNo}`, '']
        : [rng.pick([`DSN. ${address.dusun}`, `KP. ${address.dusun}`, address.dusun, '-']), address.dusun];
    const [alamat, dusun] = place(h.address);
    const poor = Math.max(0, 5 - h.desil);
    const flag = (p: number): string => (rng.chance(p) ? 'YA' : 'TIDAK');
    const bansos = [flag(0.15 * poor + 0.1), flag(0.1 * poor), flag(0.05 * poor), flag(0.2 * poor + 0.1)];
    const regionCells = (desa: string, kecName: string): string[] => [this.provName, this.kabDtks, kecName, desa];
    this.counts.dtksHouseholds++;

    const rows: string[] = [];
    const members = new Set(h.members.map((m) => m.person));
    // One DTKS row for a person; records the row for the truth files and returns its line.
    const render = (person: Person, rel0: Rel, extraTraits: string[], nameBoost: boolean, region: string[], addr: [string, string, string, string]): string => {
      const tags = [...householdTags];
      const boost = POPULATION.duplicateNameChange * this.opts.defectScale;
      const r = nameBoost ? { ...rates, name_typo: Math.min(1, boost), name_variant: Math.min(1, boost) } : rates;
      const age = ageAt(person.birth);
      const name = damageName(rng, person.tokens, { rates: r, sex: person.sex, birthYear: person.birth.y, father: person.father, binCommon: this.world.setting.binCommon, adult: age >= 17 }, tags);
      const parentNik = isChildRel(rel0) && person.parent && members.has(person.parent) ? person.parent.nik : undefined;
      const nik = damageNik(rng, person.nik, { rates: r, parentNik, kk: h.kk }, tags);
      const kk = damageKk(rng, h.kk, r, tags);
      const date = renderDate(rng, damageDate(rng, person.birth, r, tags), 'iso', r, tags);
      let sex = person.sex;
      if (rng.chance(r.sex_wrong)) {
        sex = sex === 'L' ? 'P' : 'L';
        tags.push('sex_wrong');
      }
      let rel = rel0;
      const confusions = REL_CONFUSION[rel];
      if (confusions && rng.chance(r.rel_differs)) {
        rel = rng.pick(confusions);
        tags.push('rel_differs');
      }
      let mother = upper(person.mother);
      if (rng.chance(r.mother_blank)) {
        mother = '';
        tags.push('mother_blank');
      }
      let birthplace = person.birthplace;
      if (rng.chance(r.birthplace_blank)) {
        birthplace = '';
        tags.push('birthplace_blank');
      }
      const id = idDtks(rng, this.dtksCounter++);
      const cells = [
        id,
        ...region,
        ...addr,
        kk,
        nik,
        name,
        date,
        birthplace,
        sex === 'L' ? 'LAKI-LAKI' : 'PEREMPUAN',
        upper(person.job),
        mother,
        upper(P3KE_REL[rel]),
        this.padan(tags) ? 'PADAN' : 'TIDAK PADAN',
        ...bansos,
      ];
      const traits = [...person.traits, ...h.traits, ...extraTraits];
      this.counts.dtksRows++;
      this.count('dtks', tags);
      this.records.line(['dtks', id, h.kk, person.key, joinTags(traits), joinTags(tags)].join(','), '\n');
      const record = { id, tags, traits };
      const list = linked.get(person);
      if (list) list.push(record);
      else linked.set(person, [record]);
      return cells.map(quotedCell).join('|');
    };
    const rt0 = padded ? pad3(rt) : String(rt);
    const rw0 = padded ? pad3(rw) : String(rw);
    const region = regionCells(desaName, upper(kec.name));
    const addr: [string, string, string, string] = [alamat, dusun, rt0, rw0];
    for (const { person, rel } of h.members) {
      rows.push(render(person, rel, [], false, region, addr));
      if (rng.chance(POPULATION.dtksDuplicate)) {
        this.counts.dtksDuplicateRows++;
        if (rng.chance(POPULATION.duplicateElsewhere)) {
          // Registered again as a household of one, sometimes from another desa.
          let dupRegion = region;
          let dupAddr = addr;
          if (rng.chance(POPULATION.duplicateOtherDesa)) {
            const desa = this.world.otherDesa(h.desa);
            const a = this.world.newAddress(desa);
            dupRegion = regionCells(upper(desa.name), upper(this.world.kecamatanOf(desa).name));
            const [al, du] = place(a);
            dupAddr = [al, du, pad3(a.rt), pad3(a.rw)];
          }
          const line = render(person, rel, ['dtks_duplicate', 'dtks_duplicate_elsewhere'], true, dupRegion, dupAddr);
          this.counts.dtksHouseholds++;
          this.emit(line);
        } else rows.push(render(person, rel, ['dtks_duplicate'], true, region, addr));
      }
    }
    if (rows.length > 0) this.emit(rows.join('\n'));
  }

  /** DTKS comes out in roughly but not exactly the P3KE order: a window of households is shuffled. */
  private emit(entry: string): void {
    if (this.pool.length < this.poolSize) {
      this.pool.push(entry);
      return;
    }
    const i = this.rng.int(0, this.pool.length - 1);
    this.dtks.line(this.pool[i] as string, '\n');
    this.pool[i] = entry;
  }

  // --- one unit of generation ---------------------------------------------------------------

  /** One P3KE family (sometimes with an elderly parent family), its DTKS view and truth. */
  generateGroup(desa: Region): void {
    const rng = this.rng;
    const world = this.world;
    const family = world.family(desa);
    const both = !rng.chance(POPULATION.p3keOnlyFamily);
    const head = family.members[0] as Person;
    const elderly = both && ageAt(head.birth) < 60 && rng.chance(POPULATION.mergedElderly) ? world.elderlyFamily(desa, head) : undefined;

    const p3keIds = this.writeP3keFamily(family);
    if (elderly) for (const [p, v] of this.writeP3keFamily(elderly)) p3keIds.set(p, v);

    const linked = new Map<Person, DtksRecord[]>();
    if (both) for (const h of this.dtksView(family, elderly)) this.writeDtksHousehold(h, linked);
    if (rng.chance(POPULATION.dtksOnlyHousehold)) {
      const other = world.family(rng.chance(0.5) ? desa : rng.pick(world.setting.desa));
      this.writeDtksHousehold(
        {
          kk: other.kk,
          desa: other.desa,
          address: other.address,
          members: other.members.map((person) => ({ person, rel: person.rel })),
          traits: ['dtks_only'],
          desil: rng.int(1, 6),
        },
        linked,
      );
    }

    for (const [person, records] of linked) {
      const p3ke = p3keIds.get(person);
      if (!p3ke) {
        this.counts.dtksOnlyRows += records.length;
        continue;
      }
      this.counts.p3keLinked++;
      for (const r of records) {
        const traits = [...new Set(r.traits)];
        this.truth.line([p3ke.id, r.id, person.key, joinTags(traits), joinTags(p3ke.tags), joinTags(r.tags)].join(','), '\n');
        this.counts.truthPairs++;
      }
    }
  }

  /** How DTKS (years later) sees a family: members gone, babies born, children split off, moves. */
  private dtksView(f: Family, elderly: Family | undefined): DtksHousehold[] {
    const rng = this.rng;
    const world = this.world;
    const splitters = new Set(
      f.members.filter((m) => m.rel === 'anak' && m.marital === 'Belum Kawin' && ageAt(m.birth) >= 19 && rng.chance(POPULATION.splitChild)),
    );
    const moved = rng.chance(POPULATION.movedDesa);
    const desa = moved ? world.otherDesa(f.desa) : f.desa;
    const main: DtksHousehold = {
      kk: f.kk,
      desa,
      address: moved ? world.newAddress(desa) : f.address,
      members: [],
      traits: moved ? ['moved_desa'] : [],
      desil: f.desil,
    };
    for (const person of f.members) {
      if (splitters.has(person) || rng.chance(POPULATION.memberMissingFromDtks)) continue;
      main.members.push({ person, rel: person.rel });
    }
    if (main.members.length > 0 && main.members[0]?.rel !== 'kepala_keluarga') {
      // The head is gone (died, left): the wife or the eldest becomes head in DTKS.
      const successor = main.members.find((m) => m.rel === 'istri') ?? main.members[0];
      if (successor) successor.rel = 'kepala_keluarga';
    }
    if (elderly) {
      for (const person of elderly.members) {
        if (!rng.chance(POPULATION.memberMissingFromDtks)) main.members.push({ person, rel: 'orang_tua' });
      }
    }
    const wife = f.members.find((m) => (m.rel === 'istri' || (m.rel === 'kepala_keluarga' && m.sex === 'P')) && main.members.some((x) => x.person === m));
    const husband = f.members.find((m) => m.rel === 'kepala_keluarga' && m.sex === 'L');
    if (wife && wife.birth.y >= 1978 && rng.chance(POPULATION.newbornInDtks)) {
      const father = husband ?? wife;
      const baby = world.newcomer({
        sex: rng.chance(0.51) ? 'L' : 'P',
        birthYear: 2023,
        flavour: father.flavour,
        rel: 'anak',
        kec: world.kecamatanOf(desa),
        mother: wife.tokens.join(' '),
        father: father.tokens[0] as string,
        surname: husband && husband.tokens.length > 1 && (husband.flavour === 'batak' || husband.flavour === 'christian' || husband.flavour === 'papuan') ? husband.tokens[husband.tokens.length - 1] : undefined,
        baby: true,
      });
      baby.parent = father;
      main.members.push({ person: baby, rel: 'anak' });
    }
    const households = [main];

    for (const child of splitters) {
      const movedAway = rng.chance(POPULATION.splitMovedDesa);
      const newDesa = movedAway ? world.otherDesa(f.desa) : desa;
      const kec = world.kecamatanOf(newDesa);
      const h: DtksHousehold = {
        kk: world.splitKk(kec),
        desa: newDesa,
        address: movedAway || rng.chance(0.5) ? world.newAddress(newDesa) : main.address,
        members: [],
        traits: movedAway ? ['split_kk', 'moved_desa'] : ['split_kk'],
        desil: f.desil,
      };
      let spouse: Person | undefined;
      if (rng.chance(POPULATION.splitSpouse)) {
        const sex = child.sex === 'L' ? 'P' : 'L';
        const y = child.birth.y + rng.int(-3, 3);
        spouse = world.newcomer({
          sex,
          birthYear: Math.min(y, 2005),
          flavour: world.setting.flavours.pick(rng),
          rel: sex === 'P' ? 'istri' : 'kepala_keluarga',
          kec,
          mother: world.nameOf('P', child.flavour, y - 27).join(' '),
          father: world.nameOf('L', child.flavour, y - 30)[0] as string,
          baby: false,
        });
      }
      if (child.sex === 'L' || !spouse) {
        h.members.push({ person: child, rel: 'kepala_keluarga' });
        if (spouse) h.members.push({ person: spouse, rel: 'istri' });
      } else {
        h.members.push({ person: spouse, rel: 'kepala_keluarga' });
        h.members.push({ person: child, rel: 'istri' });
      }
      if (spouse && rng.chance(POPULATION.splitBaby)) {
        const [m, fa] = child.sex === 'P' ? [child, spouse] : [spouse, child];
        const baby = world.newcomer({
          sex: rng.chance(0.51) ? 'L' : 'P',
          birthYear: 2023,
          flavour: fa.flavour,
          rel: 'anak',
          kec,
          mother: m.tokens.join(' '),
          father: fa.tokens[0] as string,
          baby: true,
        });
        baby.parent = fa;
        h.members.push({ person: baby, rel: 'anak' });
      }
      households.push(h);
    }
    return households;
  }

  finish(): void {
    this.rng.shuffle(this.pool);
    for (const entry of this.pool) this.dtks.line(entry, '\n');
    this.pool.length = 0;
    this.p3ke.close();
    this.dtks.close();
    this.truth.close();
    this.records.close();
  }

  sizes(): GenerateResult['bytes'] {
    return { p3ke: this.p3ke.bytes, dtks: this.dtks.bytes, truth: this.truth.bytes, records: this.records.bytes };
  }
}

/** Writes p3ke.csv, dtks.csv, truth.csv and truth_records.csv into `options.out`. */
export function generate(options: GenerateOptions): GenerateResult {
  const seed = String(options.seed ?? 1);
  const families = options.families ?? 300;
  const persons = options.persons;
  if (persons !== undefined && (!Number.isInteger(persons) || persons < 1)) throw new Error('--persons must be a positive integer');
  if (!Number.isInteger(families) || families < 1) throw new Error('--families must be a positive integer');
  const defectScale = options.defectScale ?? 1;
  if (!(defectScale >= 0)) throw new Error('--defect-scale must be a number ≥ 0');
  const delimiter = options.p3keDelimiter ?? ';';
  if (delimiter !== ';' && delimiter !== ',') throw new Error('--p3ke-delimiter must be ";" or ","');

  const rng = new Rng(`padan-fixtures/${seed}`);
  const targetFamilies = persons !== undefined ? Math.ceil(persons / 3.7) : families;
  const setting = buildSetting(rng, options.kabupaten, targetFamilies);
  const world = new World(rng, setting, seed);
  const gen = new Generator(
    { out: options.out, p3keDelimiter: delimiter, persentil: options.persentil ?? false, defectScale },
    rng,
    world,
  );
  gen.writeHeads();

  // Families fill the desa in code order (P3KE extracts are sorted by region), each desa's share
  // drawn once; if a --persons target is not reached by then, desa are drawn at random.
  const weights = setting.desa.map(() => 0.3 + rng.next() * rng.next() * 3);
  const total = weights.reduce((a, b) => a + b, 0);
  const done = (): boolean => (persons !== undefined ? gen.counts.p3kePersons >= persons : gen.counts.p3keFamilies >= families);
  let cumulative = 0;
  let assigned = 0;
  for (let i = 0; i < setting.desa.length && !done(); i++) {
    cumulative += weights[i] as number;
    const quota = Math.round((targetFamilies * cumulative) / total) - assigned;
    assigned += quota;
    for (let k = 0; k < quota && !done(); k++) gen.generateGroup(setting.desa[i] as Region);
  }
  while (!done()) gen.generateGroup(rng.pick(setting.desa));
  gen.finish();

  const toObject = (m: Map<string, number>): Record<string, number> =>
    Object.fromEntries([...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return {
    seed,
    kabupaten: { code: setting.kabupaten.code, name: setting.kabupaten.name },
    desaUsed: setting.desa.length,
    files: {
      p3ke: join(options.out, FILES.p3ke),
      dtks: join(options.out, FILES.dtks),
      truth: join(options.out, FILES.truth),
      records: join(options.out, FILES.records),
    },
    bytes: gen.sizes(),
    counts: gen.counts,
    defects: { p3ke: toObject(gen.defects.p3ke), dtks: toObject(gen.defects.dtks) },
  };
}

// ---------------------------------------------------------------------------------------------
// Command line

const USAGE = `Usage: node dist/scripts/generate-fixtures.js [options]

Writes synthetic p3ke.csv, dtks.csv, truth.csv and truth_records.csv (see fixtures/README.md).

Options:
  --out DIR              output directory (default: fixtures)
  --families N           P3KE families to generate (default: 300)
  --persons N            instead: generate families until N P3KE persons (benchmarks)
  --seed S               any string or number (default: 1); same arguments give identical files
  --kabupaten CODE       Kemendagri kabupaten/kota code, e.g. 3205 or 32.05 (default: seeded pick)
  --p3ke-delimiter C     ";" (default, Excel in an Indonesian locale) or ","
  --persentil            add a Persentil column to the P3KE file
  --defect-scale X       multiply every defect rate (0 = clean data; default 1)
  -h, --help             show this help`;

function positiveInt(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name} must be a positive integer, got "${value}"`);
  return n;
}

class UsageError extends Error {}

function main(argv: string[]): number {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        out: { type: 'string' },
        families: { type: 'string' },
        persons: { type: 'string' },
        seed: { type: 'string' },
        kabupaten: { type: 'string' },
        'p3ke-delimiter': { type: 'string' },
        persentil: { type: 'boolean' },
        'defect-scale': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const started = process.hrtime.bigint();
  let result: GenerateResult;
  try {
    const delimiter = values['p3ke-delimiter'] as string | undefined;
    if (delimiter !== undefined && delimiter !== ';' && delimiter !== ',') throw new UsageError('--p3ke-delimiter must be ";" or ","');
    const kabupaten = values.kabupaten as string | undefined;
    if (kabupaten !== undefined && regionByCode(kabupaten.replace(/\./g, ''))?.level !== 'kabupaten') {
      throw new UsageError(`--kabupaten ${kabupaten} is not a kabupaten/kota code of the official list (e.g. 3205 or 32.05)`);
    }
    const scale = values['defect-scale'] === undefined ? undefined : Number(values['defect-scale']);
    if (scale !== undefined && !(scale >= 0)) throw new UsageError('--defect-scale must be a number ≥ 0');
    result = generate({
      out: (values.out as string | undefined) ?? 'fixtures',
      families: positiveInt('--families', values.families as string | undefined),
      persons: positiveInt('--persons', values.persons as string | undefined),
      seed: values.seed as string | undefined,
      kabupaten,
      p3keDelimiter: delimiter as ';' | ',' | undefined,
      persentil: values.persentil as boolean | undefined,
      defectScale: scale,
    });
  } catch (error) {
    process.stderr.write(`generate-fixtures: ${(error as Error).message}\n`);
    return error instanceof UsageError ? 2 : 1;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const mb = (n: number): string => `${(n / 1e6).toFixed(1)} MB`;
  const c = result.counts;
  process.stderr.write(
    [
      `generate-fixtures: seed ${result.seed}, ${result.kabupaten.name} (${result.kabupaten.code}), ${result.desaUsed} desa, ${seconds.toFixed(1)} s`,
      `  ${result.files.p3ke}: ${c.p3kePersons} persons in ${c.p3keFamilies} families (${mb(result.bytes.p3ke)})`,
      `  ${result.files.dtks}: ${c.dtksRows} rows in ${c.dtksHouseholds} households, ${c.dtksOnlyRows} not in P3KE, ${c.dtksDuplicateRows} duplicates (${mb(result.bytes.dtks)})`,
      `  ${result.files.truth}: ${c.truthPairs} true pairs; ${c.p3keLinked} of ${c.p3kePersons} P3KE persons (${((100 * c.p3keLinked) / c.p3kePersons).toFixed(1)}%) are in DTKS (${mb(result.bytes.truth)})`,
      `  ${result.files.records}: one row per record with traits and defects (${mb(result.bytes.records)})`,
      '',
    ].join('\n'),
  );
  return 0;
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(entry).href) process.exitCode = main(process.argv.slice(2));
