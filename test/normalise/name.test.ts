import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseName, normaliseNameByRules, normalisePlainName, phoneticKey } from '../../src/normalise/name.js';

// All names are synthetic: common given names combined freely.

const keyOf = (raw: string): string | null => normaliseName(raw).key;

describe('normaliseName: blanks', () => {
  it.each([[undefined], [''], ['   '], ['-'], ['--'], ['NULL'], ['null'], ['N/A'], ['#N/A'], ['123'], ['.'], [',']])(
    '%j → all null',
    (raw) => {
      expect(normaliseName(raw)).toEqual({ nama: null, gelar: null, bin: null, key: null, tokens: null, initials: null });
    },
  );
});

describe('normaliseName: case, accents, punctuation, spaces', () => {
  it.each([
    ['siti aminah', 'SITI AMINAH'],
    ['  Siti    Aminah  ', 'SITI AMINAH'],
    ['Siti\tAminah\n', 'SITI AMINAH'],
    ['ÉMILIE SARAGIH', 'EMILIE SARAGIH'],
    ['Nur Ḥasanah', 'NUR HASANAH'],
    ['RENÉ SIMANJUNTAK', 'RENE SIMANJUNTAK'],
    ["MA'RUF", 'MARUF'],
    ['MA’RUF', 'MARUF'],
    ["A'ISYAH", 'AISYAH'],
    ['MA`RUF AMIN', 'MARUF AMIN'],
    ["'BUDI SANTOSO", 'BUDI SANTOSO'],
    ['SITI-AMINAH', 'SITI AMINAH'],
    ['SITI_AMINAH', 'SITI AMINAH'],
    ['BUDI.SANTOSO', 'BUDI SANTOSO'],
    ['BUDI (SANTOSO)', 'BUDI SANTOSO'],
    ['BUDI / SANTOSO', 'BUDI SANTOSO'],
    ['BUDI2 SANTOSO', 'BUDI SANTOSO'],
    ['BUDI 2', 'BUDI'],
    ['HASAN', 'HASAN'],
  ])('%j → %s', (raw, nama) => {
    expect(normaliseName(raw).nama).toBe(nama);
  });
});

describe('normaliseName: titles', () => {
  it.each([
    // religious and honorific titles before the name
    ['H. AHMAD RIYADI', 'AHMAD RIYADI', 'H'],
    ['H.AHMAD RIYADI', 'AHMAD RIYADI', 'H'],
    ['H AHMAD RIYADI', 'AHMAD RIYADI', 'H'],
    ['h. ahmad riyadi', 'AHMAD RIYADI', 'H'],
    ['H AMIN', 'AMIN', 'H'],
    ['HAJI AHMAD', 'AHMAD', 'H'],
    ['HJ. SITI AMINAH', 'SITI AMINAH', 'HJ'],
    ['Hj.Siti Aminah', 'SITI AMINAH', 'HJ'],
    ['HJH SITI AMINAH', 'SITI AMINAH', 'HJ'],
    ['HAJJAH SITI AMINAH', 'SITI AMINAH', 'HJ'],
    ['KH. ABDUL SALAM', 'ABDUL SALAM', 'KH'],
    ['K.H. ABDUL SALAM', 'ABDUL SALAM', 'KH'],
    ['K. H. ABDUL SALAM', 'ABDUL SALAM', 'KH'],
    ['KYAI ABDUL SALAM', 'ABDUL SALAM', 'KYAI'],
    ['USTADZ ABDUL SALAM', 'ABDUL SALAM', 'USTADZ'],
    ['UST. ABDUL SALAM', 'ABDUL SALAM', 'USTADZ'],
    ['USTADZAH SITI AMINAH', 'SITI AMINAH', 'USTADZAH'],
    ['DRS. BUDI SANTOSO', 'BUDI SANTOSO', 'DRS'],
    ['DRA. SRI WAHYUNI', 'SRI WAHYUNI', 'DRA'],
    ['IR. BUDI SANTOSO', 'BUDI SANTOSO', 'IR'],
    ['DR. BUDI SANTOSO', 'BUDI SANTOSO', 'DR'],
    ['dr. Sri Wahyuni', 'SRI WAHYUNI', 'DR'],
    ['DRG. SRI WAHYUNI', 'SRI WAHYUNI', 'DRG'],
    ['PROF. BUDI SANTOSO', 'BUDI SANTOSO', 'PROF'],
    ['DRS. H. AHMAD RIYADI', 'AHMAD RIYADI', 'DRS H'],
    ['DRS.H.AHMAD RIYADI', 'AHMAD RIYADI', 'DRS H'],
    ['PROF. DR. IR. H. AHMAD RIYADI, M.SI', 'AHMAD RIYADI', 'PROF DR IR H M.SI'],
    ['H. M. NUR HIDAYAT', 'MUHAMMAD NUR HIDAYAT', 'H'],
    // academic titles after the name, listed ones
    ['SITI AMINAH, S.PD.', 'SITI AMINAH', 'S.PD'],
    ['SITI AMINAH,S.PD', 'SITI AMINAH', 'S.PD'],
    ['SITI AMINAH S.PD', 'SITI AMINAH', 'S.PD'],
    ['Siti Aminah, S.Pd', 'SITI AMINAH', 'S.PD'],
    ['SITI AMINAH S. PD', 'SITI AMINAH', 'S.PD'],
    ['SITI AMINAH S PD', 'SITI AMINAH', 'S.PD'],
    ['SITI AMINAH SPD', 'SITI AMINAH', 'S.PD'],
    ['SITI AMINAH, S.PD.I', 'SITI AMINAH', 'S.PD.I'],
    ['SITI AMINAH S.Pd.I', 'SITI AMINAH', 'S.PD.I'],
    ['SITI AMINAH S.PD I', 'SITI AMINAH', 'S.PD.I'],
    ['SITI AMINAH SPDI', 'SITI AMINAH', 'S.PD.I'],
    ['SITI AMINAH, S.PD.SD', 'SITI AMINAH', 'S.PD.SD'],
    ['BUDI SANTOSO, S.AG.', 'BUDI SANTOSO', 'S.AG'],
    ['BUDI SANTOSO, S.E.', 'BUDI SANTOSO', 'S.E'],
    ['BUDI SANTOSO SE', 'BUDI SANTOSO', 'S.E'],
    ['BUDI SANTOSO, S.H.', 'BUDI SANTOSO', 'S.H'],
    ['BUDI SANTOSO S. H.', 'BUDI SANTOSO', 'S.H'],
    ['BUDI SANTOSO SH', 'BUDI SANTOSO', 'S.H'],
    ['BUDI SANTOSO, S.KOM.', 'BUDI SANTOSO', 'S.KOM'],
    ['BUDI SANTOSO S.Kom', 'BUDI SANTOSO', 'S.KOM'],
    ['BUDI SANTOSO, S.SOS.', 'BUDI SANTOSO', 'S.SOS'],
    ['SRI WAHYUNI, S.KM.', 'SRI WAHYUNI', 'S.KM'],
    ['SRI WAHYUNI, S.KEP.', 'SRI WAHYUNI', 'S.KEP'],
    ['SRI WAHYUNI, S.Kep., Ns.', 'SRI WAHYUNI', 'S.KEP NS'],
    ['BUDI SANTOSO, S.T.', 'BUDI SANTOSO', 'S.T'],
    ['BUDI SANTOSO ST', 'BUDI SANTOSO', 'S.T'],
    ['BUDI SANTOSO, S.IP.', 'BUDI SANTOSO', 'S.IP'],
    ['BUDI SANTOSO, S.Si', 'BUDI SANTOSO', 'S.SI'],
    ['BUDI SANTOSO, M.PD.', 'BUDI SANTOSO', 'M.PD'],
    ['BUDI SANTOSO, M.SI.', 'BUDI SANTOSO', 'M.SI'],
    ['BUDI SANTOSO M. SI', 'BUDI SANTOSO', 'M.SI'],
    ['SRI WAHYUNI, M.KES', 'SRI WAHYUNI', 'M.KES'],
    ['SRI WAHYUNI M.Kes.', 'SRI WAHYUNI', 'M.KES'],
    ['BUDI SANTOSO, M.M.', 'BUDI SANTOSO', 'M.M'],
    ['BUDI SANTOSO MM', 'BUDI SANTOSO', 'M.M'],
    ['SRI WAHYUNI, A.MD.', 'SRI WAHYUNI', 'A.MD'],
    ['SRI WAHYUNI AMD', 'SRI WAHYUNI', 'A.MD'],
    ['SRI WAHYUNI, A.MA.', 'SRI WAHYUNI', 'A.MA'],
    ['SRI WAHYUNI, A.Ma.Pd', 'SRI WAHYUNI', 'A.MA.PD'],
    ['SRI WAHYUNI A.Md.Kep', 'SRI WAHYUNI', 'A.MD.KEP'],
    ['SRI WAHYUNI AMD.KEP', 'SRI WAHYUNI', 'A.MD.KEP'],
    ['BUDI SANTOSO, BA.', 'BUDI SANTOSO', 'B.A'],
    ['BUDI SANTOSO B.A.', 'BUDI SANTOSO', 'B.A'],
    ['BUDI SANTOSO, MA', 'BUDI SANTOSO', 'M.A'],
    ['BUDI SANTOSO, PH.D', 'BUDI SANTOSO', 'PH.D'],
    ['BUDI SANTOSO, LC', 'BUDI SANTOSO', 'LC'],
    ['SITI AMINAH, S.PD., M.PD.', 'SITI AMINAH', 'S.PD M.PD'],
    ['SITI AMINAH S.PD M.PD', 'SITI AMINAH', 'S.PD M.PD'],
    ['HJ. SITI AMINAH, S.PD', 'SITI AMINAH', 'HJ S.PD'],
    ['DRS. H. AHMAD RIYADI, M.PD', 'AHMAD RIYADI', 'DRS H M.PD'],
    // academic titles by pattern: a prefix and a field abbreviation not in any list
    ['SITI AMINAH, S.GZ', 'SITI AMINAH', 'S.GZ'],
    ['SITI AMINAH S.Tr.Keb', 'SITI AMINAH', 'S.TR.KEB'],
    ['BUDI SANTOSO, S.STP', 'BUDI SANTOSO', 'S.STP'],
    ['BUDI SANTOSO, M.TR', 'BUDI SANTOSO', 'M.TR'],
    ['BUDI SANTOSO, S.HI', 'BUDI SANTOSO', 'S.HI'],
    ['BUDI SANTOSO, S.H.I.', 'BUDI SANTOSO', 'S.H.I'],
    ['BUDI SANTOSO, S.E.I', 'BUDI SANTOSO', 'S.E.I'],
    ['BUDI SANTOSO D3', 'BUDI SANTOSO', 'D3'],
    ['BUDI SANTOSO, S.P.', 'BUDI SANTOSO', 'S.P'],
  ])('%j → %s [%s]', (raw, nama, gelar) => {
    const r = normaliseName(raw);
    expect(r.nama).toBe(nama);
    expect(r.gelar).toBe(gelar);
  });

  it.each([
    // M. before a name is MUHAMMAD, not a title
    ['M. RIZKI', 'MUHAMMAD RIZKI'],
    ['M.RIZKI', 'MUHAMMAD RIZKI'],
    ['M RIZKI', 'MUHAMMAD RIZKI'],
    ['BUDI M. ALI', 'BUDI MUHAMMAD ALI'],
    ['BUDI M.ALI', 'BUDI MUHAMMAD ALI'],
    // initials are not degrees
    ['S. PARMANTO', 'S PARMANTO'],
    ['A. RAHMAN', 'A RAHMAN'],
    ['AHMAD S.ADI', 'AHMAD S ADI'],
    ['AHMAD S. HADI', 'AHMAD S HADI'],
    ['BUDI S.', 'BUDI S'],
    ['RIZKI M.', 'RIZKI M'],
    // H is Haji only first and before a name; a one-token name is never stripped away
    ['HAJI', 'HAJI'],
    ['H.', 'H'],
    ['H', 'H'],
    ['DRS', 'DRS'],
    ['AHMAD H', 'AHMAD H'],
    ['AHMAD H. SALEH', 'AHMAD H SALEH'],
    ['HAMIN', 'HAMIN'],
    ['HASAN HAJI', 'HASAN HAJI'],
    ['H S.PD', 'H'],
    // honorifics after the name are kept unless after a comma
    ['AHMAD RIYADI, H.', 'AHMAD RIYADI'],
    ['AHMAD RIYADI DR', 'AHMAD RIYADI DR'],
    // academic titles are only stripped after a name
    ['SE AHMAD', 'SE AHMAD'],
    ['MA SALEH', 'MA SALEH'],
    ['BUDI MA', 'BUDI MA'],
    ['BUDI BA', 'BUDI BA'],
  ])('%j keeps the name: %s', (raw, nama) => {
    expect(normaliseName(raw).nama).toBe(nama);
  });

  it.each([['SITI AMINAH'], ['M. RIZKI'], ['AHMAD H'], ['HAJI'], ['S. PARMANTO']])('%j has no gelar', (raw) => {
    expect(normaliseName(raw).gelar).toBeNull();
  });
});

describe('normaliseName: MUHAMMAD, AHMAD, ABDUL, NUR', () => {
  it.each([
    ...[
      'MUHAMMAD', 'MUHAMAD', 'MUHAMMAT', 'MUHAMAT', 'MOHAMMAD', 'MOHAMAD', 'MOHAMMED', 'MOHAMED', 'MOCHAMMAD',
      'MOCHAMAD', 'MOCH.', 'MOCH', 'MOH.', 'MOH', 'MUH.', 'MUH', 'MHD.', 'MHD', 'MUHD.', 'MOHD', 'MUHAMMED',
      'MUCHAMAD', 'MUKHAMAD', 'MOEHAMAD', 'M.', 'M',
    ].map((v) => [`${v} RIZKI`, 'MUHAMMAD RIZKI']),
    ['Moch. Rizki', 'MUHAMMAD RIZKI'],
    ['H. MOCH. RIZKI', 'MUHAMMAD RIZKI'],
    ['BUDI MUHAMAD', 'BUDI MUHAMMAD'],
    ['ACHMAD RIYADI', 'AHMAD RIYADI'],
    ['AHMED RIYADI', 'AHMAD RIYADI'],
    ['AHMAT RIYADI', 'AHMAD RIYADI'],
    ['AKHMAD RIYADI', 'AHMAD RIYADI'],
    ['ABD. RAHMAN', 'ABDUL RAHMAN'],
    ['ABD RAHMAN', 'ABDUL RAHMAN'],
    ['ABDOEL RAHMAN', 'ABDUL RAHMAN'],
    ['NOOR HASANAH', 'NUR HASANAH'],
    ['NOER HASANAH', 'NUR HASANAH'],
    ['NOUR HASANAH', 'NUR HASANAH'],
    // NURUL is its own name element (NUR + article), not a spelling of NUR
    ['NURUL HUDA', 'NURUL HUDA'],
  ])('%j → %s', (raw, nama) => {
    expect(normaliseName(raw).nama).toBe(nama);
  });
});

describe('normaliseName: old spelling (before 1972)', () => {
  it.each([
    // DJ→J, TJ→C, OE→U, SJ→SY, NJ→NY
    ['DJOKO', 'JOKO'],
    ['DJUWITA', 'JUWITA'],
    ['PANDJI', 'PANJI'],
    ['TJAHJONO', 'CAHYONO'],
    ['TJIPTO', 'CIPTO'],
    ['SOEKARNO', 'SUKARNO'],
    ['SOEMARNI', 'SUMARNI'],
    ['AGOES', 'AGUS'],
    ['SJAHRIR', 'SYAHRIR'],
    ['SJAMSOEDIN', 'SYAMSUDIN'],
    ['NJOMAN', 'NYOMAN'],
    ['NJONJA', 'NYONYA'],
    // J→Y before a vowel, only in a token that shows an old mark
    ['SOEJONO', 'SUYONO'],
    ['DJOJO', 'JOYO'],
    ['WAHJOEDI', 'WAHYUDI'],
    ['JOESOEF', 'YUSUF'],
    ['SOEPRIJADI', 'SUPRIYADI'],
    ['WIDJAJA', 'WIJAYA'],
    // CH→KH: inside a token, and at the start before A/O/U (Arabic KH)
    ['CHAIRUL', 'KHAIRUL'],
    ['CHOLID', 'KHOLID'],
    ['CHUSNUL', 'KHUSNUL'],
    ['RACHMAN', 'RAKHMAN'],
    ['MACHMUD', 'MAKHMUD'],
    ['SOLICHIN', 'SOLIKHIN'],
    ['FACHRUDIN', 'FAKHRUDIN'],
    ['ICHSAN', 'IKHSAN'],
    ['MOCHTAR', 'MOKHTAR'],
    ['TJHAI', 'KHAI'],
    // unmarked tokens keep their J: new spelling (JOKO) or ambiguous (SUJONO may be SUDJONO)
    ['JOKO', 'JOKO'],
    ['JAKA', 'JAKA'],
    ['JUWITA', 'JUWITA'],
    ['SUJONO', 'SUJONO'],
    ['WIJAYA', 'WIJAYA'],
    ['ANJAR', 'ANJAR'],
    ['PANJI', 'PANJI'],
    ['RAJA', 'RAJA'],
    // CH that is not KH: Sanskrit, Chinese, Western names; CH before E/I/R at the start
    ['CHANDRA', 'CHANDRA'],
    ['CHANDRAWATI', 'CHANDRAWATI'],
    ['CHANTIKA', 'CHANTIKA'],
    ['CHANIAGO', 'CHANIAGO'],
    ['CHAN', 'CHAN'],
    ['CHRISTINA', 'CHRISTINA'],
    ['CHINTYA', 'CHINTYA'],
    ['CHERRY', 'CHERRY'],
    ['MICHAEL', 'MICHAEL'],
    ['RICHARD', 'RICHARD'],
  ])('%s → %s', (raw, nama) => {
    expect(normaliseName(raw).nama).toBe(nama);
  });

  it.each([
    ['DJOKO SOEJONO', 'JOKO SUYONO'],
    ['R. NGABEHI SOETJIPTO', 'R NGABEHI SUCIPTO'],
    ['TJOKRO DIHARDJO', 'COKRO DIHARJO'],
  ])('per token: %s → %s', (raw, nama) => {
    expect(normaliseName(raw).nama).toBe(nama);
  });
});

describe('normaliseName: BIN / BINTI', () => {
  it.each([
    ['AHMAD BIN SALEH', 'AHMAD', 'SALEH'],
    ['AHMAD bin Saleh', 'AHMAD', 'SALEH'],
    ['SITI AMINAH BINTI UMAR', 'SITI AMINAH', 'UMAR'],
    ['SITI AMINAH BT UMAR', 'SITI AMINAH', 'UMAR'],
    ['SITI AMINAH BT. UMAR', 'SITI AMINAH', 'UMAR'],
    ['AHMAD BN SALEH', 'AHMAD', 'SALEH'],
    ['AHMAD BIN M. SALEH', 'AHMAD', 'MUHAMMAD SALEH'],
    ['AHMAD BIN H. SALEH', 'AHMAD', 'SALEH'],
    ['AHMAD BIN SOELEIMAN', 'AHMAD', 'SULEIMAN'],
    ['H. AHMAD BIN SALEH', 'AHMAD', 'SALEH'],
    ['AHMAD BIN SALEH BIN UMAR', 'AHMAD', 'SALEH BIN UMAR'],
    ['AHMAD BIN', 'AHMAD', null],
    ['AHMAD BIN H.', 'AHMAD H', null],
    ['BIN SALEH', 'BIN SALEH', null],
    ['AHMAD SALEH', 'AHMAD SALEH', null],
    ['ROBIN HASAN', 'ROBIN HASAN', null],
  ])('%j → %j bin %j', (raw, nama, bin) => {
    const r = normaliseName(raw);
    expect(r.nama).toBe(nama);
    expect(r.bin).toBe(bin);
  });

  it('titles after BIN are the father\u2019s, except academic titles', () => {
    expect(normaliseName('H. AHMAD BIN H. SALEH').gelar).toBe('H');
    expect(normaliseName('AHMAD BIN SALEH, S.PD').gelar).toBe('S.PD');
  });

  it('the same person with and without BIN has the same nama and key', () => {
    expect(normaliseName('AHMAD BIN SALEH').key).toBe(normaliseName('AHMAD').key);
  });
});

describe('normaliseName: tokens and initials', () => {
  it.each([
    ['SITI AMINAH', 'AMINAH SITI', 'SA'],
    ['M. RIZKI', 'MUHAMMAD RIZKI', 'MR'],
    ['NUR NUR AINI', 'AINI NUR', 'NNA'],
    ['DRS. H. AHMAD RIYADI, M.PD', 'AHMAD RIYADI', 'AR'],
    ['ZAINAL ABIDIN BIN SALEH', 'ABIDIN ZAINAL', 'ZA'],
    ['DJOKO', 'JOKO', 'J'],
  ])('%j → tokens %j initials %j', (raw, tokens, initials) => {
    const r = normaliseName(raw);
    expect(r.tokens).toBe(tokens);
    expect(r.initials).toBe(initials);
  });
});

describe('phoneticKey', () => {
  // Spelling variants of one name: the key must bring each group together.
  it.each([
    ['MUHAMMAD', ['MUHAMMAD', 'MUHAMAD', 'MOHAMMAD', 'MOCH.', 'MOH', 'MUH.', 'MHD', 'MOEHAMAD']],
    ['AHMAD', ['AHMAD', 'ACHMAD', 'AHMED', 'AKHMAD']],
    ['JOKO', ['JOKO', 'DJOKO', 'YOKO']],
    ['CAHYONO', ['CAHYONO', 'TJAHJONO', 'CAHJONO']],
    ['SUKARNO', ['SUKARNO', 'SOEKARNO']],
    ['SUYONO', ['SUYONO', 'SUJONO', 'SOEJONO']],
    ['HARYONO', ['HARYONO', 'HARJONO', 'HARDJONO']],
    ['KHAIRUL', ['KHAIRUL', 'CHAIRUL', 'HAIRUL']],
    ['NYOMAN', ['NYOMAN', 'NJOMAN']],
    ['SYAHRIR', ['SYAHRIR', 'SJAHRIR', 'SAHRIR']],
    ['NURHAYATI', ['NURHAYATI', 'NURHAYATIE']],
    ['SITI', ['SITI', 'SITTI']],
    ['FITRIANI', ['FITRIANI', 'FITRIYANI', 'PITRIANI']],
    ['RIZKI', ['RIZKI', 'RIZKY', 'RISKI', 'RISKY', 'RIZQI', 'RIZQY']],
    ['YUSUF', ['YUSUF', 'YUSUP', 'JUSUF', 'JOESOEF']],
    ['ZAINAL', ['ZAINAL', 'ZAENAL']],
    ['SAIFUL', ['SAIFUL', 'SYAIFUL', 'SAEFUL', 'SAIPUL', 'SYAEPUL']],
    ['RAHMAN', ['RAHMAN', 'RACHMAN', 'RAKHMAN']],
    ['MAHMUD', ['MAHMUD', 'MACHMUD', 'MAHMUT']],
    ['KHADIJAH', ['KHADIJAH', 'CHADIJAH', 'HADIJAH', 'KHADIJA']],
    ['EFENDI', ['EFENDI', 'EFFENDI', 'EFENDY', 'EFFENDY', 'EPENDI']],
    ['FATIMAH', ['FATIMAH', 'FATIMA']],
    ['AISYAH', ['AISYAH', 'AISAH', 'AISYA', "A'ISYAH"]],
    ['SETIAWAN', ['SETIAWAN', 'SETYAWAN']],
    ['DIAH', ['DIAH', 'DYAH']],
    ['SURYANI', ['SURYANI', 'SURIANI']],
    ['SUPRIYADI', ['SUPRIYADI', 'SUPRIADI', 'SOEPRIJADI']],
    ['SUWARNO', ['SUWARNO', 'SUARNO']],
    ['YULIANTI', ['YULIANTI', 'JULIANTI', 'YULIYANTI']],
    ['FAISAL', ['FAISAL', 'FAIZAL']],
    ['AZIZ', ['AZIZ', 'AZIS']],
    ['TAUFIK', ['TAUFIK', 'TAUFIQ']],
    ['RAMADHAN', ['RAMADHAN', 'RAMADAN']],
    ['SHOLEH', ['SHOLEH', 'SOLEH']],
    ['MAULANA', ['MAULANA', 'MAOLANA']],
    ['NOVITA', ['NOVITA', 'NOFITA', 'NOPITA']],
    ['ANNISA', ['ANNISA', 'ANISA', 'ANNISAH']],
    ['DAUD', ['DAUD', 'DAUT']],
    ['YAKUB', ['YAKUB', 'YAKUP', 'JAKUB']],
    ['CANDRA', ['CANDRA', 'CHANDRA']],
    ['KRISTINA', ['KRISTINA', 'CHRISTINA']],
    ['WAHYUDI', ['WAHYUDI', 'WAHJOEDI', 'WAHJUDI']],
    ['IKHSAN', ['IKHSAN', 'ICHSAN', 'IHSAN']],
  ])('%s: %j fall together', (_label, variants) => {
    const keys = new Set(variants.map((v) => keyOf(v)));
    expect(keys.size).toBe(1);
  });

  // Different names that must stay apart.
  it.each([
    ['AGUS', 'AGUNG'],
    ['SRI', 'SITI'],
    ['DEWI', 'DEDI'],
    ['RINA', 'RANI'],
    ['YANTI', 'YANTO'],
    ['SUSANTI', 'SUSANTO'],
    ['SUMARNO', 'SUMARNI'],
    ['HENI', 'ENI'],
    ['HARIS', 'ARIS'],
    ['RAHMA', 'RAMA'],
    ['SAHID', 'SAID'],
    ['HIDAYAT', 'HIDAYAH'],
    ['ANI', 'ANIK'],
    ['DEDI', 'DODI'],
    ['PANJI', 'FANI'],
    ['AJI', 'AZIZ'],
    ['NUR', 'NURUL'],
    ['AHMAD', 'MUHAMMAD'],
    ['ROHMAN', 'RAHMAN'], // A/O alternation is left to the fuzzy comparison
    ['MUSTOFA', 'MUSTAFA'],
    ['JOKO', 'JAKA'],
    ['WAHYU', 'WAHYUNI'],
    ['SITI AMINAH', 'AMINAH SITI'],
  ])('%s and %s stay apart', (a, b) => {
    expect(keyOf(a)).not.toBe(keyOf(b));
  });

  it.each([
    ['MUHAMMAD RIZKI', 'MUHAMAT RISKI'],
    ['SITI NURHAYATI', 'SITI NURHAYATI'],
    ['KHAIRUL ANWAR', 'HAIRUL ANWAR'],
    ['FITRIYANI', 'PITRIANI'],
    ['ZAENAL ABIDIN', 'SAINAL ABIDIN'],
    ['', ''],
  ])('phoneticKey(%j) = %j (token keys joined by a space, order kept)', (name, key) => {
    expect(phoneticKey(name)).toBe(key);
  });

  it('is the key normaliseName reports', () => {
    const r = normaliseName('Drs. H. Moch. Rizky Fitriyani');
    expect(r.key).toBe(phoneticKey(r.nama ?? ''));
  });
});

describe('normalisePlainName', () => {
  it.each([
    ['Bandung', 'BANDUNG'],
    ['  kota   baru ', 'KOTA BARU'],
    ['TANJUNG-PINANG', 'TANJUNG PINANG'],
    ['Pangkal Pinang.', 'PANGKAL PINANG'],
    ["Ma'rang", 'MARANG'],
    ['Bénteng', 'BENTENG'],
    ['H. SALEH', 'H SALEH'], // no title rules for places
    ['M. RIZKI', 'M RIZKI'],
    ['KM 5', 'KM 5'],
    ['-', null],
    ['NULL', null],
    ['', null],
    ['  ', null],
    [undefined, null],
  ])('%j → %j', (raw, plain) => {
    expect(normalisePlainName(raw)).toBe(plain);
  });
});

describe('normaliseName: memo cache', () => {
  it('returns the same result before and after the cache is cleared', () => {
    const before = normaliseName('Drs. H. Moch. Rizky');
    for (let i = 0; i < 100_100; i++) normaliseName(`NAMA ${i.toString(36).replace(/[0-9]/g, 'X')} ${i}`);
    expect(normaliseName('Drs. H. Moch. Rizky')).toEqual(before);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

/** Fragments that exercise every rule, joined by any separator: raw names as exports have them. */
const FRAGMENTS = [
  'SITI', 'AMINAH', 'AHMAD', 'BUDI', 'NUR', 'NURUL', 'RIZKI', 'DEWI', 'SRI', 'JOKO', 'HASAN', 'SALEH',
  'H', 'HJ', 'HAJI', 'DRS', 'DR', 'IR', 'PROF', 'K', 'KH', 'USTADZ', 'M', 'S', 'A', 'B', 'D3', 'PD',
  'PD.I', 'KES', 'SI', 'MD', 'MA', 'BA', 'SE', 'SPD', 'S.PD', 'M.PD', 'A.MD', 'GZ', 'TR', 'I', 'E',
  'BIN', 'BINTI', 'BT', 'MOCH', 'MOH', 'MUH', 'ABD', 'NOOR', 'DJOKO', 'TJAHJONO', 'SOEJONO', 'OE',
  'DJ', 'TJ', 'SJ', 'NJ', 'CH', 'CHAIRUL', 'CHANDRA', 'ACHMAD', 'J', 'JA', 'Y', 'O', 'E', 'DD', 'TT',
  "MA'RUF", 'É', '1', '2', 'NULL',
];
const SEPARATORS = [' ', '  ', '.', '. ', ',', ', ', '-', "'", ''];
const rawName = fc
  .array(fc.tuple(fc.constantFrom(...FRAGMENTS), fc.constantFrom(...SEPARATORS), fc.boolean()), { maxLength: 7 })
  .map((parts) => parts.map(([f, s, lower]) => (lower ? f.toLowerCase() : f) + s).join(''));

describe('normaliseName: properties', () => {
  it('normalising a canonical name again changes nothing (idempotence)', () => {
    fc.assert(
      fc.property(fc.oneof(rawName, fc.string()), (raw) => {
        const r = normaliseName(raw);
        if (r.nama === null) return;
        const again = normaliseName(r.nama);
        expect(again.nama).toBe(r.nama);
        expect(again.gelar).toBeNull();
        expect(again.key).toBe(r.key);
        expect(again.tokens).toBe(r.tokens);
      }),
      { numRuns: 3000 },
    );
  });

  it('tokens are the sorted distinct tokens of nama; initials one letter per token', () => {
    fc.assert(
      fc.property(fc.oneof(rawName, fc.string()), (raw) => {
        const r = normaliseName(raw);
        if (r.nama === null) return;
        const words = r.nama.split(' ');
        expect(words.every((w) => /^[A-Z]+$/.test(w))).toBe(true);
        const tokens = (r.tokens ?? '').split(' ');
        for (let i = 1; i < tokens.length; i++) expect((tokens[i - 1] ?? '') < (tokens[i] ?? '')).toBe(true);
        expect(new Set(tokens)).toEqual(new Set(words));
        expect(r.initials).toBe(words.map((w) => w[0]).join(''));
        expect((r.key ?? '').split(' ')).toHaveLength(words.length);
      }),
      { numRuns: 2000 },
    );
  });

  // Canonical tokens built from Indonesian syllables, filtered to those normaliseName keeps as is.
  const SYLLABLES = [
    'BA', 'BU', 'DI', 'DE', 'GA', 'KA', 'KI', 'LA', 'LI', 'MA', 'MI', 'MU', 'NA', 'NI', 'NU', 'PA', 'PU',
    'RA', 'RI', 'RU', 'SA', 'SI', 'SU', 'TA', 'TI', 'TO', 'WA', 'WI', 'YA', 'YU', 'JA', 'JU', 'JO', 'CA',
    'CI', 'NYA', 'NGA', 'KHA', 'SYA', 'FA', 'FI', 'ZA', 'ZU', 'RIA', 'NIA', 'DUA', 'AI', 'AU', 'I', 'U', 'A',
  ];
  const CODAS = ['', '', '', 'N', 'R', 'S', 'L', 'NG', 'H', 'M', 'T', 'K', 'D', 'P'];
  const canonicalToken = fc
    .tuple(fc.array(fc.constantFrom(...SYLLABLES), { minLength: 2, maxLength: 3 }), fc.constantFrom(...CODAS))
    .map(([syllables, coda]) => syllables.join('') + coda)
    .filter((t) => !/DJ|TJ|OE|SJ|^NJ|CH|AE|AO|IY|UW|(.)\1/.test(t) && normaliseName(t).nama === t);

  /** The same token as the old spelling writes it: NY→NJ, SY→SJ, C→TJ, J→DJ, Y→J, U→OE, KH→CH. */
  const oldSpelling = (t: string): string =>
    t.replace(/NY|SY|KH|C|J|Y|U/g, (m, offset: number) => {
      switch (m) {
        case 'NY': return 'NJ';
        case 'SY': return 'SJ';
        case 'KH': return offset > 0 ? 'CH' : 'KH';
        case 'C': return 'TJ';
        case 'J': return 'DJ';
        case 'Y': return 'J';
        default: return 'OE';
      }
    });

  it('key is stable under the old spelling (DJ, TJ, OE, SJ, NJ, CH, J for Y)', () => {
    fc.assert(
      fc.property(fc.array(canonicalToken, { minLength: 1, maxLength: 3 }), (tokens) => {
        const name = tokens.join(' ');
        expect(keyOf(tokens.map(oldSpelling).join(' '))).toBe(keyOf(name));
      }),
      { numRuns: 2000 },
    );
  });

  /** Spelling variants of modern names: each is a (token → token) rewrite the key must absorb. */
  const VARIANTS: ((t: string) => string)[] = [
    (t) => t.replace(/([BDGLMNPRST])(?![HY]|$)/, '$1$1'), // doubled consonant: SITI/SITTI
    (t) => t.replace(/I$/, 'IE'), // NURHAYATI/NURHAYATIE
    (t) => t.replace(/I$/, 'Y'), // RIZKI/RIZKY
    (t) => t.replace(/(?<=[AIUEO])$/, 'H'), // FATIMA/FATIMAH
    (t) => t.replace(/F/g, 'PH'),
    (t) => t.replace(/F/g, 'V'),
    (t) => t.replace(/F/g, 'P'), // YUSUF/YUSUP
    (t) => t.replace(/P(?!H)/g, 'F'),
    (t) => t.replace(/K(?!H)/g, 'Q'), // TAUFIK/TAUFIQ
    (t) => t.replace(/S(?![YH])/g, 'Z'), // RISKI/RIZKI
    (t) => t.replace(/SY(?=[AIUEO])/g, 'S'), // SYAIFUL/SAIFUL
    (t) => t.replace(/AI/g, 'AE'), // ZAINAL/ZAENAL
    (t) => t.replace(/AU/g, 'AO'), // MAULANA/MAOLANA
    (t) => t.replace(/IA/g, 'IYA'), // FITRIANI/FITRIYANI
    (t) => t.replace(/UA/g, 'UWA'), // SUARNO/SUWARNO
    (t) => t.replace(/^KH/, 'H'), // KHAIRUL/HAIRUL
    (t) => t.replace(/(?<=.)KH/g, 'CH'), // RAKHMAN/RACHMAN
    (t) => t.replace(/J/g, 'Y'), // JULIANTI/YULIANTI
    (t) => t.replace(/D$/, 'T'), // DAUD/DAUT
    (t) => t.replace(/P$/, 'B'), // YAKUP/YAKUB
    (t) => t.replace(/(?<!N)K$/, 'G'),
    (t) => t.replace(/^(.)(.)/, "$1'$2"), // MA'RUF/MARUF
    (t) => t.toLowerCase(),
  ];

  it('key is stable under spelling variants, titles, Muhammad spellings and BIN', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(canonicalToken, fc.subarray(VARIANTS.map((_, i) => i))), { minLength: 1, maxLength: 3 }),
        fc.constantFrom('', 'H. ', 'DRS. H. ', 'HJ. ', 'PROF. DR. '),
        fc.constantFrom('', ', S.PD', ' S.Pd.I', ', M.KES', ' SE', ' BIN SALEH'),
        fc.constantFrom('', 'MUHAMMAD ', 'MOCH. ', 'M. ', 'MUHAMAD '),
        (tokens, prefix, suffix, muhammad) => {
          const canonical = (muhammad ? 'MUHAMMAD ' : '') + tokens.map(([t]) => t).join(' ');
          const variant = tokens.map(([t, vs]) => vs.reduce((acc, i) => (VARIANTS[i] as (s: string) => string)(acc), t)).join(' ');
          expect(keyOf(prefix + muhammad + variant + suffix)).toBe(keyOf(canonical));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('normaliseName: the short path for plain names', () => {
  // Words a rule looks at (titles, connectors, M, old spellings that turn into one: HADJI) mixed
  // with plain words, in upper and lower case: the short path must give what the rules give.
  const WORDS = [
    'SITI', 'AMINAH', 'BUDI', 'NURUL', 'HUDA', 'DJOKO', 'TJAHJONO', 'SOEJONO', 'CHAIRUL', 'CHANDRA', 'SJAIFUL',
    'NJOMAN', 'MOCH', 'MOH', 'MUH', 'ABD', 'ACHMAD', 'NOOR', 'HADJI', 'HADJAH', 'H', 'HJ', 'K', 'KH', 'M', 'S', 'A',
    'B', 'PH', 'D', 'I', 'PD', 'SE', 'SH', 'MA', 'BA', 'BIN', 'BINTI', 'BT', 'DRS', 'IR', 'PROF', 'USTADZ', 'NULL',
    'NONE', 'AMD', 'KEP', 'LC', 'NS', 'MHD', 'PHD', 'SPD', 'X',
  ];
  const name = fc
    .array(fc.tuple(fc.constantFrom(...WORDS), fc.boolean()), { minLength: 1, maxLength: 5 })
    .map((words) => words.map(([w, lower]) => (lower ? w.toLowerCase() : w)).join(' '));

  it('gives exactly what the full rules give', () => {
    fc.assert(
      fc.property(name, (raw) => {
        expect(normaliseName(raw)).toEqual(normaliseNameByRules(raw));
      }),
      { numRuns: 3000 },
    );
  });
});
