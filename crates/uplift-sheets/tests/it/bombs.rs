//! Builders for hostile workbooks, written by hand so a test can make a file that
//! unpacks to hundreds of megabytes without holding or compressing that much:
//! a zip writer that can lie about sizes, a deflate stream of back-references
//! generated directly, and an OLE2 container with BIFF8 records for .xls.

use std::fs::File;
use std::io::{BufWriter, Seek, SeekFrom, Write};
use std::path::Path;

// ---------------------------------------------------------------------------
// Deflate: one fixed-Huffman block, literals and (length 258, distance d) copies.
// ---------------------------------------------------------------------------

/// Writes bits least significant first, as deflate packs them.
struct Bits<W: Write> {
    out: W,
    acc: u64,
    n: u32,
}

impl<W: Write> Bits<W> {
    fn put(&mut self, value: u32, bits: u32) {
        self.acc |= u64::from(value) << self.n;
        self.n += bits;
        while self.n >= 8 {
            self.out.write_all(&[self.acc as u8]).unwrap();
            self.acc >>= 8;
            self.n -= 8;
        }
    }

    /// Huffman codes are sent most significant bit first.
    fn code(&mut self, code: u32, bits: u32) {
        let reversed = code.reverse_bits() >> (32 - bits);
        self.put(reversed, bits);
    }

    fn literal(&mut self, byte: u8) {
        if byte < 144 {
            self.code(0x30 + u32::from(byte), 8);
        } else {
            self.code(0x190 + u32::from(byte) - 144, 9);
        }
    }

    /// Copies the 258 bytes that start `distance` bytes back.
    fn copy_258(&mut self, distance: u32) {
        // Length 258 is literal/length code 285, no extra bits.
        self.code(0xC5, 8);
        let (code, base, extra) = distance_code(distance);
        self.code(code, 5);
        self.put(distance - base, extra);
    }

    fn finish(mut self) -> W {
        self.code(0, 7); // end of block
        if self.n > 0 {
            self.out.write_all(&[self.acc as u8]).unwrap();
        }
        self.out
    }
}

/// RFC 1951 distance codes: (code, base distance, extra bits).
fn distance_code(distance: u32) -> (u32, u32, u32) {
    let mut base = 1;
    for code in 0..30 {
        let extra = if code < 4 { 0 } else { code / 2 - 1 };
        if distance < base + (1 << extra) {
            return (code, base, extra);
        }
        base += 1 << extra;
    }
    panic!("distance {distance} too far");
}

/// A raw deflate stream of `prefix`, `count` copies of `unit`, and `suffix`.
pub fn deflate_repeat(out: impl Write, prefix: &[u8], unit: &[u8], count: u64, suffix: &[u8]) {
    let mut bits = Bits { out, acc: 0, n: 0 };
    bits.put(1, 1); // last block
    bits.put(1, 2); // fixed Huffman codes
    for &b in prefix {
        bits.literal(b);
    }
    if count > 0 {
        for &b in unit {
            bits.literal(b);
        }
        let mut left = (count - 1) * unit.len() as u64;
        let distance = unit.len() as u32;
        while left >= 258 {
            bits.copy_258(distance);
            left -= 258;
        }
        // What is left continues the pattern where the copies stopped.
        let done = count * unit.len() as u64 - left;
        for i in 0..left {
            bits.literal(unit[((done + i) % unit.len() as u64) as usize]);
        }
    }
    for &b in suffix {
        bits.literal(b);
    }
    bits.finish().flush().unwrap();
}

// ---------------------------------------------------------------------------
// Zip.
// ---------------------------------------------------------------------------

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A zip written entry by entry; every size in it is whatever the caller says.
pub struct Zip {
    out: BufWriter<File>,
    central: Vec<u8>,
    entries: u16,
}

impl Zip {
    pub fn create(path: &Path) -> Zip {
        Zip {
            out: BufWriter::new(File::create(path).unwrap()),
            central: Vec::new(),
            entries: 0,
        }
    }

    /// An uncompressed entry with its true size and CRC.
    pub fn stored(&mut self, name: &str, data: &[u8]) {
        let offset = self.out.stream_position().unwrap();
        self.header(name, 0, crc32(data), data.len() as u64, data.len() as u64);
        self.out.write_all(data).unwrap();
        self.central(
            name,
            0,
            crc32(data),
            data.len() as u64,
            data.len() as u64,
            offset,
        );
    }

    /// A deflated entry made by `deflate`, declared to unpack to `declared`
    /// bytes. Its CRC is left 0: no reader gets to its end.
    pub fn deflated(&mut self, name: &str, declared: u64, deflate: impl FnOnce(&mut dyn Write)) {
        let offset = self.out.stream_position().unwrap();
        self.header(name, 8, 0, 0, declared);
        let start = self.out.stream_position().unwrap();
        deflate(&mut self.out);
        let end = self.out.stream_position().unwrap();
        let compressed = end - start;
        // Now the compressed size is known: patch it into the local header.
        self.out.seek(SeekFrom::Start(offset + 18)).unwrap();
        self.out
            .write_all(&(compressed as u32).to_le_bytes())
            .unwrap();
        self.out.seek(SeekFrom::Start(end)).unwrap();
        self.central(name, 8, 0, compressed, declared, offset);
    }

    fn header(&mut self, name: &str, method: u16, crc: u32, compressed: u64, size: u64) {
        let mut h = Vec::new();
        h.extend(0x0403_4b50u32.to_le_bytes());
        h.extend(20u16.to_le_bytes()); // version needed
        h.extend(0x0800u16.to_le_bytes()); // UTF-8 names
        h.extend(method.to_le_bytes());
        h.extend([0u8; 4]); // time, date
        h.extend(crc.to_le_bytes());
        h.extend((compressed as u32).to_le_bytes());
        h.extend((size as u32).to_le_bytes());
        h.extend((name.len() as u16).to_le_bytes());
        h.extend(0u16.to_le_bytes());
        h.extend(name.as_bytes());
        self.out.write_all(&h).unwrap();
    }

    fn central(
        &mut self,
        name: &str,
        method: u16,
        crc: u32,
        compressed: u64,
        size: u64,
        offset: u64,
    ) {
        let c = &mut self.central;
        c.extend(0x0201_4b50u32.to_le_bytes());
        c.extend(20u16.to_le_bytes()); // made by
        c.extend(20u16.to_le_bytes()); // needed
        c.extend(0x0800u16.to_le_bytes());
        c.extend(method.to_le_bytes());
        c.extend([0u8; 4]);
        c.extend(crc.to_le_bytes());
        c.extend((compressed as u32).to_le_bytes());
        c.extend((size as u32).to_le_bytes());
        c.extend((name.len() as u16).to_le_bytes());
        c.extend([0u8; 2 + 2 + 2 + 2 + 4]); // extra, comment, disk, attributes
        c.extend((offset as u32).to_le_bytes());
        c.extend(name.as_bytes());
        self.entries += 1;
    }

    pub fn finish(mut self) {
        let start = self.out.stream_position().unwrap();
        self.out.write_all(&self.central).unwrap();
        let mut e = Vec::new();
        e.extend(0x0605_4b50u32.to_le_bytes());
        e.extend([0u8; 4]);
        e.extend(self.entries.to_le_bytes());
        e.extend(self.entries.to_le_bytes());
        e.extend((self.central.len() as u32).to_le_bytes());
        e.extend((start as u32).to_le_bytes());
        e.extend(0u16.to_le_bytes());
        self.out.write_all(&e).unwrap();
        self.out.into_inner().unwrap().sync_all().unwrap();
    }
}

pub const SHEET_HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#;
pub const SHEET_TAIL: &str = "</sheetData></worksheet>";
pub const SST_HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#;

/// The parts every workbook needs besides its sheet and shared strings.
pub fn workbook_parts(zip: &mut Zip) {
    zip.stored(
        "[Content_Types].xml",
        br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#,
    );
    zip.stored(
        "_rels/.rels",
        br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
    );
    zip.stored(
        "xl/workbook.xml",
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="名录" sheetId="1" r:id="rId1"/></sheets></workbook>"#.as_bytes(),
    );
    zip.stored(
        "xl/_rels/workbook.xml.rels",
        br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#,
    );
}

/// A sheet whose first row names shared string 0 and whose second is text.
pub const SMALL_SHEET: &str = r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>甲公司</t></is></c></row>"#;

// ---------------------------------------------------------------------------
// Legacy .xls: BIFF8 records in an OLE2 compound file.
// ---------------------------------------------------------------------------

pub fn record(out: &mut Vec<u8>, typ: u16, data: &[u8]) {
    out.extend(typ.to_le_bytes());
    out.extend((data.len() as u16).to_le_bytes());
    out.extend(data);
}

fn utf16(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

/// A BIFF8 cell record's row, column and format index.
fn at(row: u16, col: u16) -> Vec<u8> {
    [row.to_le_bytes(), col.to_le_bytes(), 0u16.to_le_bytes()].concat()
}

pub fn label(row: u16, col: u16, text: &str) -> (u16, Vec<u8>) {
    let mut d = at(row, col);
    d.extend((text.encode_utf16().count() as u16).to_le_bytes());
    d.push(1); // UTF-16
    d.extend(utf16(text));
    (0x0204, d)
}

pub fn number(row: u16, col: u16, value: f64) -> (u16, Vec<u8>) {
    let mut d = at(row, col);
    d.extend(value.to_le_bytes());
    (0x0203, d)
}

pub fn label_sst(row: u16, col: u16, index: u32) -> (u16, Vec<u8>) {
    let mut d = at(row, col);
    d.extend(index.to_le_bytes());
    (0x00FD, d)
}

/// DIMENSIONS declaring rows `first..end` and columns `0..cols`.
pub fn dimensions(first: u32, end: u32, cols: u16) -> (u16, Vec<u8>) {
    let d = [
        first.to_le_bytes().as_slice(),
        &end.to_le_bytes(),
        &0u16.to_le_bytes(),
        &cols.to_le_bytes(),
        &0u16.to_le_bytes(),
    ]
    .concat();
    (0x0200, d)
}

/// A Workbook stream: globals (with `sst`, one string of `sst_chars` ASCII
/// characters, if asked) and one sheet named 名录 made of `cells`.
pub fn workbook_stream(sst_chars: Option<usize>, cells: &[(u16, Vec<u8>)]) -> Vec<u8> {
    let bof = |kind: u16| -> Vec<u8> {
        let mut d = vec![0x00, 0x06];
        d.extend(kind.to_le_bytes());
        d.extend([0u8; 12]);
        d
    };
    let mut s = Vec::new();
    record(&mut s, 0x0809, &bof(0x0005));
    record(&mut s, 0x0042, &1200u16.to_le_bytes());
    if let Some(chars) = sst_chars {
        // One string of compressed (one byte) characters, split over CONTINUE
        // records the way Excel splits it: each continuation starts with the
        // character-width flag.
        let mut first = Vec::new();
        first.extend(1u32.to_le_bytes());
        first.extend(1u32.to_le_bytes());
        first.extend((chars as u16).to_le_bytes());
        first.push(0);
        let take = chars.min(8224 - first.len());
        first.extend(std::iter::repeat_n(b'x', take));
        record(&mut s, 0x00FC, &first);
        let mut left = chars - take;
        while left > 0 {
            let n = left.min(8223);
            let mut cont = vec![0u8];
            cont.extend(std::iter::repeat_n(b'y', n));
            record(&mut s, 0x003C, &cont);
            left -= n;
        }
    }
    let name = "名录";
    let mut sheet = vec![0, 0, 0, 0, 0, 0];
    sheet.push(name.encode_utf16().count() as u8);
    sheet.push(1);
    sheet.extend(utf16(name));
    let boundsheet_at = s.len();
    record(&mut s, 0x0085, &sheet);
    record(&mut s, 0x000A, &[]);
    let pos = s.len() as u32;
    s[boundsheet_at + 4..boundsheet_at + 8].copy_from_slice(&pos.to_le_bytes());
    record(&mut s, 0x0809, &bof(0x0010));
    for (typ, data) in cells {
        record(&mut s, *typ, data);
    }
    record(&mut s, 0x000A, &[]);
    s
}

const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
const FREESECT: u32 = 0xFFFF_FFFF;
const NOSTREAM: u32 = 0xFFFF_FFFF;

/// How to spoil a compound file.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Cfb {
    Honest,
    /// The Workbook stream declares this size.
    DeclaredSize(u32),
    /// The directory's sector chain points back at itself.
    LoopingDirectory,
}

/// An OLE2 compound file (version 3, 512-byte sectors) holding `stream` as
/// its Workbook stream, padded to the 4 KiB at which streams leave the mini
/// stream.
pub fn compound_file(stream: &[u8], how: Cfb) -> Vec<u8> {
    let mut stream = stream.to_vec();
    if stream.len() < 4096 {
        stream.resize(4096, 0);
    }
    let stream_sectors = stream.len().div_ceil(512);
    let mut fat_sectors = 1;
    while fat_sectors * 128 < fat_sectors + 1 + stream_sectors {
        fat_sectors += 1;
    }
    assert!(
        fat_sectors <= 109,
        "stream too large for a header-only DIFAT"
    );
    let dir = fat_sectors as u32;
    let first = dir + 1;
    let mut fat = vec![FREESECT; fat_sectors * 128];
    for f in fat.iter_mut().take(fat_sectors) {
        *f = 0xFFFF_FFFD;
    }
    fat[dir as usize] = if how == Cfb::LoopingDirectory {
        dir
    } else {
        ENDOFCHAIN
    };
    for i in 0..stream_sectors {
        let id = first as usize + i;
        fat[id] = if i + 1 == stream_sectors {
            ENDOFCHAIN
        } else {
            id as u32 + 1
        };
    }

    let mut header = vec![0u8; 512];
    header[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    header[24..26].copy_from_slice(&0x003Eu16.to_le_bytes());
    header[26..28].copy_from_slice(&3u16.to_le_bytes());
    header[28..30].copy_from_slice(&0xFFFEu16.to_le_bytes());
    header[30..32].copy_from_slice(&9u16.to_le_bytes());
    header[32..34].copy_from_slice(&6u16.to_le_bytes());
    header[44..48].copy_from_slice(&(fat_sectors as u32).to_le_bytes());
    header[48..52].copy_from_slice(&dir.to_le_bytes());
    header[56..60].copy_from_slice(&4096u32.to_le_bytes());
    header[60..64].copy_from_slice(&ENDOFCHAIN.to_le_bytes());
    header[68..72].copy_from_slice(&ENDOFCHAIN.to_le_bytes());
    for i in 0..109 {
        let id = if i < fat_sectors { i as u32 } else { FREESECT };
        header[76 + 4 * i..80 + 4 * i].copy_from_slice(&id.to_le_bytes());
    }

    let entry = |name: &str, kind: u8, child: u32, start: u32, size: u32| -> Vec<u8> {
        let mut e = vec![0u8; 128];
        let encoded = utf16(name);
        e[..encoded.len()].copy_from_slice(&encoded);
        e[64..66].copy_from_slice(&((encoded.len() + 2) as u16).to_le_bytes());
        e[66] = kind;
        e[67] = 1;
        e[68..72].copy_from_slice(&NOSTREAM.to_le_bytes());
        e[72..76].copy_from_slice(&NOSTREAM.to_le_bytes());
        e[76..80].copy_from_slice(&child.to_le_bytes());
        e[116..120].copy_from_slice(&start.to_le_bytes());
        e[120..124].copy_from_slice(&size.to_le_bytes());
        e
    };
    let size = match how {
        Cfb::DeclaredSize(size) => size,
        _ => stream.len() as u32,
    };
    let mut directory = entry("Root Entry", 5, 1, ENDOFCHAIN, 0);
    directory.extend(entry("Workbook", 2, NOSTREAM, first, size));
    directory.resize(512, 0);

    let mut file = header;
    for chunk in fat.chunks(128) {
        file.extend(chunk.iter().flat_map(|v| v.to_le_bytes()));
    }
    file.extend(directory);
    stream.resize(stream_sectors * 512, 0);
    file.extend(stream);
    file
}
