//! Keeps a legacy .xls (BIFF records in an OLE2 compound file) from making
//! calamine build more than [`Limits`] allows.
//!
//! calamine reads the container's `Workbook` stream whole and then parses every
//! sheet of it into a dense grid at once. Both steps trust the file: a stream
//! can declare four gigabytes, a sector chain can loop, a `DIMENSIONS` record
//! can ask for a reservation of four billion rows, two cells at A1 and XFD65536
//! make a grid of four billion cells, and one long shared string referenced by
//! every cell is copied into each. So before calamine sees the file, this module
//! reads the container the way calamine does (bounding every chain), checks the
//! stream sizes, and walks the records of the stream the way calamine's parser
//! does, adding up what that parser will allocate. Anything calamine would panic
//! on (an index past a table) is refused as a broken file; anything it would
//! report as an error is left for it to report.

use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};

use calamine::{Cell, Data};

use crate::SheetError;
use crate::limits::{Limit, Limits};

const SIGNATURE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const RESERVED_SECTORS: u32 = 0xFFFF_FFFA;
const DIFSECT: u32 = 0xFFFF_FFFC;
const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
/// Streams shorter than this live in the mini stream, in 64-byte sectors.
const MINI_CUTOFF: u64 = 4096;
const MINI_SECTOR: usize = 64;

fn broken(what: impl std::fmt::Display) -> SheetError {
    SheetError::Xls(format!("the file is damaged: {what}"))
}

fn limit(limit: Limit, max: u64, found: u64) -> SheetError {
    SheetError::LimitExceeded { limit, max, found }
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    let b = bytes.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes([b[0], b[1]]))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

fn u64_at(bytes: &[u8], at: usize) -> Option<u64> {
    let b = bytes.get(at..at.checked_add(8)?)?;
    let mut a = [0u8; 8];
    a.copy_from_slice(b);
    Some(u64::from_le_bytes(a))
}

fn u32s(bytes: &[u8]) -> impl Iterator<Item = u32> + '_ {
    bytes
        .chunks_exact(4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// Checks a legacy workbook and rewinds the file. `Ok` means calamine may
/// read it (it may still find it broken and say so).
pub(crate) fn check(file: &mut File, limits: &Limits) -> Result<(), SheetError> {
    let result = check_inner(file, limits);
    file.seek(SeekFrom::Start(0))?;
    result
}

fn check_inner(file: &mut File, limits: &Limits) -> Result<(), SheetError> {
    let file_len = file.metadata()?.len();
    let Some(mut cfb) = Container::open(file, file_len)? else {
        // Not an OLE2 file calamine could read; it will say so itself.
        return Ok(());
    };
    let mut held = file_len;
    let ministream_len = cfb.load_ministream(limits)?;
    held = held.saturating_add(ministream_len);
    // calamine falls back to the name Excel 5 used for the stream.
    let stream = match cfb.stream("Workbook", limits)? {
        Some(stream) => stream,
        None => match cfb.stream("Book", limits)? {
            Some(stream) => stream,
            None => return Ok(()),
        },
    };
    let total = ministream_len.saturating_add(stream.len() as u64);
    if total > limits.max_total_bytes {
        return Err(limit(Limit::TotalBytes, limits.max_total_bytes, total));
    }
    drop(cfb);
    held = held.saturating_add(stream.len() as u64);
    let built = estimate(&stream, limits)?;
    let decoded = held.saturating_add(built);
    if decoded > limits.max_decoded_bytes {
        return Err(limit(
            Limit::DecodedBytes,
            limits.max_decoded_bytes,
            decoded,
        ));
    }
    Ok(())
}

/// The parts of a compound file calamine uses, read as calamine reads them.
struct Container<'f> {
    file: BufReader<&'f mut File>,
    /// Where `file` is, so runs of consecutive sectors need no seek.
    position: u64,
    sector_size: usize,
    /// The largest sector id calamine accepts.
    max_id: u64,
    fat: Vec<u32>,
    mini_fat_start: u32,
    mini_fat_sectors: u64,
    entries: Vec<DirEntry>,
    ministream: Vec<u8>,
    mini_fat: Vec<u32>,
}

struct DirEntry {
    name: String,
    start: u32,
    len: u64,
}

impl<'f> Container<'f> {
    fn open(file: &'f mut File, file_len: u64) -> Result<Option<Container<'f>>, SheetError> {
        let mut header = [0u8; 512];
        file.seek(SeekFrom::Start(0))?;
        if file.read_exact(&mut header).is_err() || header[..8] != SIGNATURE {
            return Ok(None);
        }
        let version = u16_at(&header, 26).unwrap_or(0);
        let sector_size = match u16_at(&header, 30) {
            Some(0x0009) => 512,
            Some(0x000C) => 4096,
            _ => return Ok(None),
        };
        if u16_at(&header, 32) != Some(0x0006) {
            return Ok(None);
        }
        let field = |at| u32_at(&header, at).unwrap_or(ENDOFCHAIN);
        let dir_start = field(48);
        let mini_fat_start = field(60);
        let mini_fat_sectors = u64::from(field(64));
        let difat_start = field(68);
        let mut difat: Vec<u32> = u32s(&header[76..]).collect();
        let mut cfb = Container {
            file: BufReader::with_capacity(64 * 1024, file),
            position: 512,
            sector_size,
            max_id: file_len / sector_size as u64,
            fat: Vec::new(),
            mini_fat_start,
            mini_fat_sectors,
            entries: Vec::new(),
            ministream: Vec::new(),
            mini_fat: Vec::new(),
        };

        // The DIFAT chain, bounded as calamine bounds it.
        let mut sector = difat_start;
        let mut seen = 0u64;
        while sector < RESERVED_SECTORS {
            seen += 1;
            if seen > cfb.max_id + 1 {
                return Err(broken("the sector allocation table loops"));
            }
            let data = cfb.sector(sector)?;
            difat.extend(u32s(&data));
            sector = difat
                .pop()
                .ok_or_else(|| broken("an empty sector allocation table"))?;
        }
        // calamine reads every listed FAT sector, even the same one many times:
        // more of them than the file has sectors is a table built to be large.
        let fat_sectors: Vec<u32> = difat.into_iter().filter(|&id| id < DIFSECT).collect();
        if fat_sectors.len() as u64 > cfb.max_id + 1 {
            return Err(broken("more allocation sectors than the file has sectors"));
        }
        let mut fat = Vec::new();
        for id in fat_sectors {
            fat.extend(u32s(&cfb.sector(id)?));
        }
        cfb.fat = fat;

        // The directory: calamine reads its chain to the end, so it must end.
        let dirs = cfb.chain(dir_start, u64::MAX)?;
        cfb.entries = dirs
            .chunks_exact(128)
            .map(|d| DirEntry::parse(d, sector_size))
            .collect();
        match cfb.entries.first() {
            None => return Ok(None),
            Some(root) if version != 3 && root.start == ENDOFCHAIN => return Ok(None),
            Some(_) => {}
        }
        Ok(Some(cfb))
    }

    /// One sector, short at the end of the file, as calamine reads it.
    fn sector(&mut self, id: u32) -> Result<Vec<u8>, SheetError> {
        if u64::from(id) > self.max_id {
            return Err(broken(format!("sector {id} lies past the end of the file")));
        }
        let offset = (u64::from(id) + 1) * self.sector_size as u64;
        if offset != self.position {
            self.file.seek(SeekFrom::Start(offset))?;
        }
        let mut data = Vec::with_capacity(self.sector_size);
        (&mut self.file)
            .take(self.sector_size as u64)
            .read_to_end(&mut data)?;
        self.position = offset + data.len() as u64;
        Ok(data)
    }

    /// A chain of sectors from `start`, up to `len` bytes. A chain without a
    /// length must end within as many sectors as the file has.
    fn chain(&mut self, start: u32, len: u64) -> Result<Vec<u8>, SheetError> {
        let mut data = Vec::new();
        let mut id = start;
        let mut steps = 0u64;
        while id != ENDOFCHAIN {
            steps += 1;
            if len == u64::MAX && steps > self.max_id + 1 {
                return Err(broken("a sector chain loops"));
            }
            let sector = self.sector(id)?;
            let room = usize::try_from(len - data.len() as u64).unwrap_or(usize::MAX);
            data.extend_from_slice(sector.get(..room.min(sector.len())).unwrap_or_default());
            if data.len() as u64 >= len {
                break;
            }
            id = *self
                .fat
                .get(id as usize)
                .ok_or_else(|| broken(format!("sector {id} is not in the allocation table")))?;
        }
        Ok(data)
    }

    /// Loads the mini stream and its table if the file has them; returns the
    /// bytes calamine will hold for them.
    fn load_ministream(&mut self, limits: &Limits) -> Result<u64, SheetError> {
        if self.mini_fat_sectors == 0 {
            return Ok(0);
        }
        let Some(root) = self.entries.first() else {
            return Ok(0);
        };
        let (start, len) = (root.start, root.len);
        if len > limits.max_entry_bytes {
            return Err(limit(Limit::EntryBytes, limits.max_entry_bytes, len));
        }
        if self.mini_fat_sectors > self.max_id + 1 {
            return Err(broken("the mini-sector table is larger than the file"));
        }
        self.ministream = self.chain(start, len)?;
        let table_len = self.mini_fat_sectors * self.sector_size as u64;
        self.mini_fat = u32s(&self.chain(self.mini_fat_start, table_len)?).collect();
        Ok(len.saturating_add(table_len))
    }

    /// The first stream named `name` (ignoring ASCII case, as calamine does).
    fn stream(&mut self, name: &str, limits: &Limits) -> Result<Option<Vec<u8>>, SheetError> {
        let Some(entry) = self
            .entries
            .iter()
            .find(|d| d.name.as_bytes().eq_ignore_ascii_case(name.as_bytes()))
        else {
            return Ok(None);
        };
        let (start, len) = (entry.start, entry.len);
        if len > limits.max_entry_bytes {
            return Err(limit(Limit::EntryBytes, limits.max_entry_bytes, len));
        }
        if len >= MINI_CUTOFF {
            return self.chain(start, len).map(Some);
        }
        // A short stream: 64-byte sectors of the mini stream, chained by the mini table.
        let mut data = Vec::new();
        let mut id = start;
        while id != ENDOFCHAIN {
            let from = id as usize * MINI_SECTOR;
            let sector = self
                .ministream
                .get(from..from + MINI_SECTOR)
                .ok_or_else(|| broken(format!("mini sector {id} is not in the mini stream")))?;
            let room = usize::try_from(len).unwrap_or(usize::MAX) - data.len();
            data.extend_from_slice(&sector[..room.min(MINI_SECTOR)]);
            if data.len() as u64 >= len {
                break;
            }
            id = *self
                .mini_fat
                .get(id as usize)
                .ok_or_else(|| broken(format!("mini sector {id} is not in the mini table")))?;
        }
        Ok(Some(data))
    }
}

impl DirEntry {
    fn parse(d: &[u8], sector_size: usize) -> DirEntry {
        let units = d[..64]
            .chunks_exact(2)
            .map(|u| u16::from_le_bytes([u[0], u[1]]));
        let mut name: String = char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect();
        if let Some(nul) = name.find('\0') {
            name.truncate(nul);
        }
        let start = u32_at(d, 116).unwrap_or(ENDOFCHAIN);
        let len = if sector_size == 512 {
            u64::from(u32_at(d, 120).unwrap_or(0))
        } else {
            u64_at(d, 120).unwrap_or(0)
        };
        DirEntry { name, start, len }
    }
}

// ---------------------------------------------------------------------------
// The records of the Workbook stream.
// ---------------------------------------------------------------------------

/// One BIFF record and the CONTINUE records after it, as calamine joins them.
struct Record<'a> {
    typ: u16,
    data: &'a [u8],
    cont: Vec<&'a [u8]>,
    next_cont: usize,
}

impl<'a> Record<'a> {
    fn continue_record(&mut self) -> bool {
        match self.cont.get(self.next_cont) {
            Some(next) => {
                self.data = next;
                self.next_cont += 1;
                true
            }
            None => false,
        }
    }
}

/// calamine's record iterator; `None` inside `Some` is its error (the parse stops).
struct Records<'a> {
    stream: &'a [u8],
}

impl<'a> Iterator for Records<'a> {
    type Item = Option<Record<'a>>;

    fn next(&mut self) -> Option<Option<Record<'a>>> {
        if self.stream.len() < 4 {
            return if self.stream.is_empty() {
                None
            } else {
                Some(None)
            };
        }
        let typ = u16_at(self.stream, 0).unwrap_or(0);
        let len = usize::from(u16_at(self.stream, 2).unwrap_or(0));
        let Some(data) = self.stream.get(4..4 + len) else {
            return Some(None);
        };
        self.stream = &self.stream[4 + len..];
        let mut cont = Vec::new();
        while self.stream.len() > 4 && u16_at(self.stream, 0) == Some(0x003C) {
            let len = usize::from(u16_at(self.stream, 2).unwrap_or(0));
            let Some(more) = self.stream.get(4..4 + len) else {
                return Some(None);
            };
            cont.push(more);
            self.stream = &self.stream[4 + len..];
        }
        Some(Some(Record {
            typ,
            data,
            cont,
            next_cont: 0,
        }))
    }
}

/// Where a walk of records ended.
enum Walk {
    /// calamine reports an error here and stops parsing: nothing more is built.
    Stops,
    Done,
}

/// What calamine's parser of the globals substream leaves for the sheets.
struct Globals {
    /// UTF-8 bytes one decoded character may take: 3 for the UTF-16 text of
    /// every BIFF8 file, more for a legacy code page decoded through UTF-16.
    char_bytes: u64,
    biff8: bool,
    sheets: Vec<usize>,
    /// Characters of each shared string.
    sst: Vec<u16>,
    longest_sheet_name: u64,
    longest_defined_name: u64,
    bytes: u64,
}

const STRING: u64 = std::mem::size_of::<String>() as u64;
/// Heap block and allocator overhead of a string.
const ALLOC: u64 = 16;

/// Bytes calamine's parser allocates for this Workbook stream.
fn estimate(stream: &[u8], limits: &Limits) -> Result<u64, SheetError> {
    let (globals, walk) = walk_globals(stream, limits)?;
    let mut total = globals.bytes;
    if matches!(walk, Walk::Stops) {
        return Ok(total);
    }
    let mut largest_clone = 0u64;
    for &pos in &globals.sheets {
        let Some(substream) = stream.get(pos..) else {
            return Err(broken("a sheet starts past the end of the workbook stream"));
        };
        let (sheet, walk) = walk_sheet(substream, &globals, limits)?;
        total = total.saturating_add(sheet.bytes());
        largest_clone = largest_clone.max(sheet.kept());
        if total > limits.max_decoded_bytes {
            return Ok(total);
        }
        if matches!(walk, Walk::Stops) {
            return Ok(total);
        }
    }
    // The reader asks for one sheet, which calamine hands out as a copy.
    Ok(total.saturating_add(largest_clone))
}

fn walk_globals(stream: &[u8], limits: &Limits) -> Result<(Globals, Walk), SheetError> {
    let mut g = Globals {
        char_bytes: 3,
        biff8: true,
        sheets: Vec::new(),
        sst: Vec::new(),
        longest_sheet_name: 4,
        longest_defined_name: 5,
        bytes: 0,
    };
    for record in (Records { stream }) {
        let Some(mut r) = record else {
            return Ok((g, Walk::Stops));
        };
        let d = r.data;
        match r.typ {
            // FilePass: calamine refuses encrypted workbooks.
            0x002F => {
                let encrypted = u16_at(d, 0).ok_or_else(|| broken("a short FilePass record"))?;
                if encrypted != 0 {
                    return Ok((g, Walk::Stops));
                }
            }
            // CodePage.
            0x0042 => {
                let page = u16_at(d, 0).ok_or_else(|| broken("a short CodePage record"))?;
                g.char_bytes = if page == 1200 { 3 } else { 6 };
            }
            // BoundSheet8: where a sheet starts, and its name.
            0x0085 => {
                let pos = u32_at(d, 0).ok_or_else(|| broken("a short BoundSheet record"))?;
                if d.len() < 6 {
                    return Err(broken("a short BoundSheet record"));
                }
                let Some(&cch) = d.get(6) else {
                    return Ok((g, Walk::Stops));
                };
                if g.biff8 && d.len() < 8 {
                    return Ok((g, Walk::Stops));
                }
                let name = u64::from(cch) * g.char_bytes;
                g.longest_sheet_name = g.longest_sheet_name.max(name);
                g.bytes = g.bytes.saturating_add(2 * (name + ALLOC + 64));
                g.sheets.push(pos as usize);
            }
            // BOF: the BIFF version decides how strings and formulas are laid out.
            0x0809 => {
                let version = u16_at(d, 0).ok_or_else(|| broken("a short BOF record"))?;
                let kind = u16_at(d, 2).unwrap_or(0);
                g.biff8 = match version {
                    0x0200 | 0x0002 | 0x0007 | 0x0300 | 0x0400 | 0x0500 => false,
                    0 => kind != 0x1000,
                    _ => true,
                };
            }
            // Lbl: a defined name, and its formula as text.
            0x0018 => {
                let (Some(&cch), Some(cce)) = (d.get(3), u16_at(d, 4)) else {
                    return Err(broken("a short name record"));
                };
                if d.len() < 14 || usize::from(cce) > d.len() {
                    return Err(broken("a short name record"));
                }
                let name = u64::from(cch) * g.char_bytes;
                g.longest_defined_name = g.longest_defined_name.max(name);
                g.bytes = g
                    .bytes
                    .saturating_add(2 * (name + ALLOC) + u64::from(cce) * 64 + ALLOC);
            }
            // ExternSheet and Format records: small tables.
            0x0017 | 0x041E | 0x00E0 => {
                g.bytes = g.bytes.saturating_add(4 * d.len() as u64);
            }
            // SST: the shared strings, each later copied into every cell naming it.
            0x00FC => match read_sst(&mut r, &g, limits)? {
                Some((sst, bytes)) => {
                    g.bytes = g.bytes.saturating_add(bytes);
                    g.sst = sst;
                }
                None => return Ok((g, Walk::Stops)),
            },
            0x000A => break,
            _ => {}
        }
    }
    Ok((g, Walk::Done))
}

/// The character counts of the SST's strings and the bytes calamine holds for
/// them; `None` where calamine stops with an error.
fn read_sst(
    r: &mut Record<'_>,
    g: &Globals,
    limits: &Limits,
) -> Result<Option<(Vec<u16>, u64)>, SheetError> {
    if r.data.len() < 8 {
        return Ok(None);
    }
    r.data = &r.data[8..];
    let mut sst = Vec::new();
    let mut bytes = 0u64;
    while !r.data.is_empty() || r.continue_record() {
        let Some(cch) = read_rich_string(r)? else {
            return Ok(None);
        };
        sst.push(cch);
        // Two slots per string for the vector's growth, and the text itself.
        bytes = bytes.saturating_add(2 * STRING + ALLOC + u64::from(cch) * g.char_bytes);
        if bytes > limits.max_decoded_bytes {
            return Err(limit(Limit::DecodedBytes, limits.max_decoded_bytes, bytes));
        }
    }
    Ok(Some((sst, bytes)))
}

/// Skips one XLUnicodeRichExtendedString exactly as calamine reads it and
/// returns its characters; `None` where calamine stops with an error.
fn read_rich_string(r: &mut Record<'_>) -> Result<Option<u16>, SheetError> {
    let short = || broken("a short shared string");
    if r.data.is_empty() {
        return Ok(Some(0));
    }
    if r.data.len() < 3 {
        return Ok(None);
    }
    let cch = u16_at(r.data, 0).ok_or_else(short)?;
    let flags = r.data[2];
    r.data = &r.data[3..];
    let mut high_byte = flags & 0x1 != 0;
    let mut runs = 0usize;
    if flags & 0x8 != 0 {
        runs = usize::from(u16_at(r.data, 0).ok_or_else(short)?);
        r.data = &r.data[2..];
    }
    let mut ext = 0usize;
    if flags & 0x4 != 0 {
        // calamine reads it as i32 and casts: a negative size runs off the end.
        let raw = u32_at(r.data, 0).ok_or_else(short)? as i32;
        ext = usize::try_from(raw).unwrap_or(usize::MAX);
        r.data = &r.data[4..];
    }
    let mut left = usize::from(cch);
    while left > 0 {
        let (taken, used) = if high_byte {
            let n = (r.data.len() / 2).min(left);
            (n, 2 * n)
        } else {
            let n = r.data.len().min(left);
            (n, n)
        };
        r.data = &r.data[used..];
        left -= taken;
        if left > 0 {
            if !r.continue_record() {
                return Ok(None);
            }
            let Some(&flag) = r.data.first() else {
                return Err(broken("an empty continuation of a shared string"));
            };
            high_byte = flag & 0x1 != 0;
            r.data = &r.data[1..];
        }
    }
    for mut len in [runs.saturating_mul(4), ext] {
        while len > 0 {
            if r.data.is_empty() && !r.continue_record() {
                return Ok(None);
            }
            let n = len.min(r.data.len());
            r.data = &r.data[n..];
            len -= n;
        }
    }
    Ok(Some(cch))
}

/// Bounding box of cell positions.
#[derive(Default)]
struct Area {
    rows: Option<(u32, u32)>,
    cols: Option<(u32, u32)>,
}

impl Area {
    fn add(&mut self, row: u32, first_col: u32, last_col: u32) {
        let (r0, r1) = self.rows.unwrap_or((row, row));
        self.rows = Some((r0.min(row), r1.max(row)));
        let (c0, c1) = self.cols.unwrap_or((first_col, last_col));
        self.cols = Some((c0.min(first_col), c1.max(last_col)));
    }

    /// Cells of the dense grid calamine allocates for it.
    fn cells(&self) -> u64 {
        match (self.rows, self.cols) {
            (Some((r0, r1)), Some((c0, c1))) => {
                (u64::from(r1 - r0) + 1).saturating_mul(u64::from(c1 - c0) + 1)
            }
            _ => 0,
        }
    }
}

#[derive(Default)]
struct Sheet {
    cells: u64,
    /// The most cells calamine's cell vector reserves room for at once.
    reserved: u64,
    area: Area,
    text: u64,
    formulas: u64,
    formula_area: Area,
    formula_text: u64,
    merges: u64,
}

impl Sheet {
    /// Everything calamine allocates while parsing this sheet.
    fn bytes(&self) -> u64 {
        let cell = std::mem::size_of::<Cell<Data>>() as u64;
        let data = std::mem::size_of::<Data>() as u64;
        let formula_cell = std::mem::size_of::<Cell<String>>() as u64;
        [
            self.reserved.max(2 * self.cells).saturating_mul(cell),
            self.area.cells().saturating_mul(data),
            self.text,
            self.formulas.saturating_mul(2 * formula_cell),
            self.formula_area.cells().saturating_mul(STRING),
            self.formula_text,
            self.merges.saturating_mul(32),
        ]
        .into_iter()
        .fold(0u64, u64::saturating_add)
    }

    /// What stays in the sheet's grid, and is copied when it is asked for.
    fn kept(&self) -> u64 {
        let data = std::mem::size_of::<Data>() as u64;
        self.area
            .cells()
            .saturating_mul(data)
            .saturating_add(self.text)
    }

    fn cell(&mut self, row: u16, col: u16) {
        self.cells += 1;
        self.area
            .add(u32::from(row), u32::from(col), u32::from(col));
    }
}

fn walk_sheet(stream: &[u8], g: &Globals, limits: &Limits) -> Result<(Sheet, Walk), SheetError> {
    let mut s = Sheet::default();
    let mut formula_at = (0u16, 0u16);
    let mut seen_bof = false;
    let mut depth = 0usize;
    let too_long = |cch: u16| -> Result<(), SheetError> {
        let chars = u64::from(cch);
        if chars > limits.max_cell_chars {
            return Err(limit(Limit::CellChars, limits.max_cell_chars, chars));
        }
        Ok(())
    };
    for record in (Records { stream }) {
        let Some(r) = record else {
            return Ok((s, Walk::Stops));
        };
        let d = r.data;
        if depth > 0 {
            match r.typ {
                0x0809 => depth += 1,
                0x000A => depth -= 1,
                _ => {}
            }
            continue;
        }
        let at = || (u16_at(d, 0).unwrap_or(0), u16_at(d, 2).unwrap_or(0));
        match r.typ {
            0x0809 => {
                if seen_bof {
                    depth += 1;
                } else {
                    seen_bof = true;
                }
            }
            // DIMENSIONS: calamine reserves room for every cell it declares.
            0x0200 => {
                let Some(reserve) = dimensions(d)? else {
                    return Ok((s, Walk::Stops));
                };
                s.reserved = s.reserved.max(s.cells.saturating_add(reserve));
            }
            // NUMBER, RK.
            0x0203 | 0x027E => {
                if d.len() < if r.typ == 0x0203 { 14 } else { 10 } {
                    return Ok((s, Walk::Stops));
                }
                let (row, col) = at();
                s.cell(row, col);
            }
            // BOOLERR.
            0x0205 => {
                if d.len() < 8 || d[7] > 1 {
                    return Ok((s, Walk::Stops));
                }
                let (row, col) = at();
                s.cell(row, col);
            }
            // LABEL, RSTRING: a cell with its own text.
            0x0204 | 0x00D6 => {
                if d.len() < 6 {
                    return Ok((s, Walk::Stops));
                }
                let Some(cch) = string_chars(&d[6..], g.biff8) else {
                    return Ok((s, Walk::Stops));
                };
                too_long(cch)?;
                let (row, col) = at();
                s.cell(row, col);
                s.text = s.text.saturating_add(u64::from(cch) * g.char_bytes + ALLOC);
            }
            // STRING: the text result of the formula before it.
            0x0207 => {
                let Some(cch) = string_chars(d, g.biff8) else {
                    return Ok((s, Walk::Stops));
                };
                too_long(cch)?;
                s.cell(formula_at.0, formula_at.1);
                s.text = s.text.saturating_add(u64::from(cch) * g.char_bytes + ALLOC);
            }
            // LABELSST: a cell naming a shared string, which calamine copies.
            0x00FD => {
                if d.len() < 10 {
                    return Ok((s, Walk::Stops));
                }
                let index = u32_at(d, 6).unwrap_or(u32::MAX) as usize;
                if let Some(&cch) = g.sst.get(index) {
                    too_long(cch)?;
                    let (row, col) = at();
                    s.cell(row, col);
                    s.text = s.text.saturating_add(u64::from(cch) * g.char_bytes + ALLOC);
                }
            }
            // MULRK: a run of numbers in one row.
            0x00BD => {
                if d.len() < 6 {
                    return Ok((s, Walk::Stops));
                }
                let (row, first) = at();
                let last = u16_at(d, d.len() - 2).unwrap_or(0);
                // calamine computes this in u16 and would panic on a reversed run.
                let Some(count) = last.checked_sub(first).and_then(|n| n.checked_add(1)) else {
                    return Err(broken("a reversed run of numbers"));
                };
                if d.len() != 6 + 6 * usize::from(count) {
                    return Ok((s, Walk::Stops));
                }
                s.cells += u64::from(count);
                s.area.add(
                    u32::from(row),
                    u32::from(first),
                    u32::from(first) + u32::from(count) - 1,
                );
            }
            // MERGECELLS.
            0x00E5 => {
                let count = u16_at(d, 0).ok_or_else(|| broken("a short merge record"))?;
                if d.len() < 2 + 8 * usize::from(count) {
                    return Err(broken("a short merge record"));
                }
                s.merges += u64::from(count);
            }
            // FORMULA: its cached value, and its text rendered from the tokens.
            0x0006 => {
                if d.len() < 20 {
                    return Ok((s, Walk::Stops));
                }
                let (row, col) = at();
                formula_at = (row, col);
                s.cell(row, col);
                s.formulas += 1;
                s.formula_area
                    .add(u32::from(row), u32::from(col), u32::from(col));
                let text = formula_text(&d[20..], g)?;
                s.formula_text = s.formula_text.saturating_add(text + ALLOC);
            }
            0x000A => break,
            _ => {}
        }
    }
    Ok((s, Walk::Done))
}

/// The cells calamine reserves room for from a DIMENSIONS record; `None` where
/// it stops with an error.
fn dimensions(d: &[u8]) -> Result<Option<u64>, SheetError> {
    let (first_row, end_row, mut first_col, end_col) = match d.len() {
        10 => (
            u32::from(u16_at(d, 0).unwrap_or(0)),
            u32::from(u16_at(d, 2).unwrap_or(0)),
            u32::from(u16_at(d, 4).unwrap_or(0)),
            u32::from(u16_at(d, 6).unwrap_or(0)),
        ),
        14 | 16 => (
            u32_at(d, 0).unwrap_or(0),
            u32_at(d, 4).unwrap_or(0),
            u32::from(u16_at(d, 8).unwrap_or(0)),
            u32::from(u16_at(d, 10).unwrap_or(0)),
        ),
        _ => return Ok(None),
    };
    if first_col > 0xFF || end_col < first_col {
        first_col = 0;
    }
    if end_row == 0 || end_col == 0 {
        return Ok(Some(1));
    }
    // calamine subtracts without checking: a reversed range would overflow.
    let rows = (end_row - 1).checked_sub(first_row);
    let cols = (end_col - 1).checked_sub(first_col);
    match (rows, cols) {
        (Some(rows), Some(cols)) => Ok(Some(
            (u64::from(rows) + 1).saturating_mul(u64::from(cols) + 1),
        )),
        _ => Err(broken("a reversed sheet dimension")),
    }
}

/// The characters of an XLUnicodeString as calamine reads it; `None` where
/// it stops with an error.
fn string_chars(d: &[u8], biff8: bool) -> Option<u16> {
    let header = if biff8 { 3 } else { 2 };
    if d.len() < header {
        return (d.len() == 2 && u16_at(d, 0) == Some(0)).then_some(0);
    }
    u16_at(d, 0)
}

/// The most bytes of text calamine renders from a formula's tokens. Tokens
/// are walked with the operand sizes calamine's formula parser uses; where
/// that parser would give up, it renders an error message instead. Every
/// token is given one byte more than its own text for the comma that may
/// follow it as a function argument.
fn formula_text(rgce: &[u8], g: &Globals) -> Result<u64, SheetError> {
    /// calamine's text for a formula it cannot render.
    const ERROR_TEXT: u64 = 256;
    let truncated = || broken("a formula shorter than its own length");
    let cce = usize::from(u16_at(rgce, 0).ok_or_else(truncated)?);
    let mut t = rgce.get(2..2 + cce).ok_or_else(truncated)?;
    let short = if g.biff8 { 0 } else { 1 };
    let sheet = g.longest_sheet_name + 1;
    let mut text = 0u64;
    while let Some((&ptg, rest)) = t.split_first() {
        t = rest;
        let (operand, out): (usize, u64) = match ptg {
            // 3-D references: a sheet name and a cell or area.
            0x3a | 0x5a | 0x7a => (6, sheet + 16),
            0x3b | 0x5b | 0x7b => (10, sheet + 28),
            0x3c | 0x5c | 0x7c => (6, sheet + 8),
            0x3d | 0x5d | 0x7d => (10, sheet + 8),
            0x01 => {
                if t.len() < 4 {
                    return Ok(text.max(ERROR_TEXT));
                }
                (4, 0)
            }
            // Operators.
            0x03..=0x11 => (0, 2),
            0x12..=0x14 => (0, 1),
            0x15 => (0, 2),
            0x16 => (0, 0),
            // A string constant.
            0x17 => {
                let Some(&cch) = t.first() else {
                    return Ok(text.max(ERROR_TEXT));
                };
                let chars = usize::from(cch);
                let used = if g.biff8 {
                    let Some(&flags) = t.get(1) else {
                        return Ok(text.max(ERROR_TEXT));
                    };
                    1 + if flags & 0x1 != 0 { 2 * chars } else { chars }
                } else {
                    chars
                };
                if t.len() < 1 + used {
                    return Ok(text.max(ERROR_TEXT));
                }
                (1 + used, 2 + chars as u64 * g.char_bytes)
            }
            0x18 => (5, 0),
            0x19 => {
                let Some((&kind, rest)) = t.split_first() else {
                    return Err(truncated());
                };
                t = rest;
                match kind {
                    0x01 | 0x02 | 0x08 | 0x20 | 0x21 => (2, 0),
                    0x04 => {
                        let n = usize::from(u16_at(t, 0).ok_or_else(truncated)?) + 1;
                        (2 + 2 * n, 0)
                    }
                    0x10 => (2, 5),
                    // Spaces or line breaks, repeated as many times as it says.
                    0x40 | 0x41 => (2, u64::from(*t.get(1).ok_or_else(truncated)?)),
                    _ => return Ok(text.max(ERROR_TEXT)),
                }
            }
            0x1C => (1, 13),
            0x1D => (1, 5),
            0x1E => (2, 5),
            // A number, printed without an exponent: up to ~330 characters.
            0x1F => (8, 330),
            0x20 | 0x40 | 0x60 => (7, 10),
            // Functions: the longest name calamine knows is 18 characters.
            0x21 | 0x41 | 0x61 => (2, 20),
            0x22 | 0x42 | 0x62 => (3, 20),
            // A defined name.
            0x23 | 0x43 | 0x63 => {
                if u32_at(t, 0).ok_or_else(truncated)? == 0 {
                    return Err(broken("a formula naming defined name 0"));
                }
                (4, g.longest_defined_name)
            }
            0x24 | 0x44 | 0x64 => (4 - short, 12),
            0x25 | 0x45 | 0x65 => (8 - 2 * short, 24),
            0x2A | 0x4A | 0x6A => (4 - short, 5),
            0x2B | 0x4B | 0x6B => (8 - 2 * short, 5),
            0x39 | 0x59 => (6, 10),
            _ => return Ok(text.max(ERROR_TEXT)),
        };
        t = t.get(operand..).ok_or_else(truncated)?;
        text = text.saturating_add(out + 1);
    }
    Ok(text.max(ERROR_TEXT))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dimensions_as_calamine_reads_them() {
        let mut d = Vec::new();
        for v in [0u32, 65_536] {
            d.extend(v.to_le_bytes());
        }
        d.extend(0u16.to_le_bytes());
        d.extend(256u16.to_le_bytes());
        d.extend(0u16.to_le_bytes());
        assert_eq!(dimensions(&d).unwrap_or_default(), Some(65_536 * 256));
        // An empty sheet declares nothing.
        assert_eq!(dimensions(&[0; 14]).unwrap_or_default(), Some(1));
        // Four billion rows.
        d[4..8].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(
            dimensions(&d).unwrap_or_default(),
            Some(u64::from(u32::MAX) * 256)
        );
        assert_eq!(dimensions(&[0; 12]).unwrap_or_default(), None);
    }

    #[test]
    fn formula_text_counts_names_and_spaces() {
        let g = Globals {
            char_bytes: 3,
            biff8: true,
            sheets: Vec::new(),
            sst: Vec::new(),
            longest_sheet_name: 30,
            longest_defined_name: 765,
            bytes: 0,
        };
        // =Name + A1 with 200 spaces: PtgName, PtgAttrSpace, PtgRef, PtgAdd.
        let tokens = [
            0x23, 1, 0, 0, 0, 0x19, 0x40, 0, 200, 0x24, 0, 0, 0, 0xC0, 0x03,
        ];
        let mut rgce = (tokens.len() as u16).to_le_bytes().to_vec();
        rgce.extend(tokens);
        let commas = 4;
        assert_eq!(
            formula_text(&rgce, &g).unwrap_or_default(),
            765 + 200 + 12 + 2 + commas
        );
        // A truncated token is a broken file.
        assert!(formula_text(&[3, 0, 0x24, 0], &g).is_err());
    }
}
