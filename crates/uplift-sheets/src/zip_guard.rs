//! Keeps an XLSX upload from unpacking into more than [`Limits`] allows.
//!
//! Two checks, because a zip's directory can lie:
//!
//! 1. Before calamine opens the file, the central directory is read with the
//!    same `zip` crate calamine uses: the number of entries, each entry's
//!    declared unpacked size and their sum. (That zip crate also refuses to
//!    inflate an entry past its declared size, which makes the declared sizes
//!    binding for calamine's own reads.)
//! 2. calamine reads the file through [`GuardedFile`]. An entry is opened by
//!    seeking to its data, so when calamine seeks to the data of an entry, the
//!    guard first inflates that entry itself through a bounded reader, in
//!    64 KiB pieces, and scans the XML (see [`crate::xml_scan`]); only if the
//!    entry is within the limits does the seek succeed and calamine read it.
//!    Entries calamine never opens (images, printer settings) are never
//!    inflated.
//!
//! A refusal is handed to calamine as an I/O error, which it propagates, and
//! kept in a shared slot so the reader reports the limit rather than
//! calamine's wording of the I/O error. Some of calamine's reads ignore errors
//! (a missing theme falls back to the default one), so the slot is also
//! checked after calls that succeed.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufReader, Read, Seek, SeekFrom};
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, OnceLock};

use zip::{ZipArchive, ZipReadOptions};

use crate::SheetError;
use crate::limits::{Limit, Limits};
use crate::xml_scan::{XmlFacts, XmlScanner};

/// Pieces an entry is inflated in.
const CHUNK: usize = 64 * 1024;

/// calamine builds a part's data in memory while opening the workbook.
const MODE_PARTS: u8 = 0;
/// calamine streams a worksheet cell by cell.
const MODE_SHEET: u8 = 1;

/// Why the guard refused; cloneable so it can sit in the shared slot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Refusal {
    Limit {
        limit: Limit,
        max: u64,
        found: u64,
    },
    /// The zip or an entry is broken; the text says how.
    Corrupt(String),
}

impl Refusal {
    fn limit(limit: Limit, max: u64, found: u64) -> Refusal {
        Refusal::Limit { limit, max, found }
    }

    pub(crate) fn to_error(&self) -> SheetError {
        match self {
            Refusal::Limit { limit, max, found } => SheetError::LimitExceeded {
                limit: *limit,
                max: *max,
                found: *found,
            },
            Refusal::Corrupt(text) => SheetError::Xlsx(text.clone()),
        }
    }
}

/// What the reader keeps to steer the guard and learn why it refused.
#[derive(Clone)]
pub(crate) struct GuardHandle {
    mode: Arc<AtomicU8>,
    refusal: Arc<OnceLock<Refusal>>,
}

impl GuardHandle {
    /// From now on calamine streams a worksheet: what it opens is not held.
    pub(crate) fn streaming_sheet(&self) {
        self.mode.store(MODE_SHEET, Ordering::SeqCst);
    }

    /// The refusal, if the guard refused anything.
    pub(crate) fn check(&self) -> Result<(), SheetError> {
        match self.refusal.get() {
            Some(refusal) => Err(refusal.to_error()),
            None => Ok(()),
        }
    }

    /// The error to report for a calamine error: the guard's refusal if there
    /// was one (calamine only saw an I/O error), else calamine's own.
    pub(crate) fn explain(&self, calamine: impl std::fmt::Display) -> SheetError {
        match self.refusal.get() {
            Some(refusal) => refusal.to_error(),
            None => SheetError::Xlsx(calamine.to_string()),
        }
    }
}

struct Entry {
    name: String,
    declared: u64,
    shared_strings: bool,
    facts: Option<XmlFacts>,
    /// Its estimated memory has been added to `decoded`.
    counted: bool,
}

/// The file as calamine reads it; see the module documentation.
pub(crate) struct GuardedFile {
    inner: BufReader<File>,
    /// The guard's own view of the same file, for inflating entries.
    archive: ZipArchive<BufReader<File>>,
    entries: Vec<Entry>,
    /// Entry indices by the offset of their data.
    starts: HashMap<u64, Vec<usize>>,
    limits: Limits,
    inflated: u64,
    decoded: u64,
    buf: Vec<u8>,
    handle: GuardHandle,
}

/// The file name of an entry's path, compared the way calamine finds parts
/// (backslashes as slashes, ignoring ASCII case).
fn is_shared_strings(name: &str) -> bool {
    let name = name.replace('\\', "/");
    let file = name.rsplit('/').next().unwrap_or_default();
    file.eq_ignore_ascii_case("sharedStrings.xml")
}

fn corrupt(e: impl std::fmt::Display) -> SheetError {
    SheetError::Xlsx(e.to_string())
}

/// Checks the central directory of `ours` and wraps `theirs`, a second handle
/// on the same file, for calamine.
pub(crate) fn open(
    ours: File,
    theirs: File,
    limits: &Limits,
) -> Result<(GuardedFile, GuardHandle), SheetError> {
    let mut archive = ZipArchive::new(BufReader::new(ours)).map_err(corrupt)?;
    let count = archive.len() as u64;
    if count > limits.max_zip_entries {
        return Err(Refusal::limit(Limit::ZipEntries, limits.max_zip_entries, count).to_error());
    }
    let mut entries = Vec::with_capacity(archive.len());
    let mut starts: HashMap<u64, Vec<usize>> = HashMap::new();
    let mut declared_total = 0u64;
    for index in 0..archive.len() {
        // The raw view reads only the local header, to learn where the data starts.
        let file = archive.by_index_raw(index).map_err(corrupt)?;
        let name = String::from_utf8_lossy(file.name_raw()).into_owned();
        let declared = file.size();
        let shared_strings = is_shared_strings(&name);
        let (limit, max) = entry_limit(limits, shared_strings);
        if declared > max {
            return Err(Refusal::limit(limit, max, declared).to_error());
        }
        declared_total = declared_total.saturating_add(declared);
        if declared_total > limits.max_total_bytes {
            let refusal = Refusal::limit(Limit::TotalBytes, limits.max_total_bytes, declared_total);
            return Err(refusal.to_error());
        }
        if let Some(start) = file.data_start() {
            starts.entry(start).or_default().push(index);
        }
        entries.push(Entry {
            name,
            declared,
            shared_strings,
            facts: None,
            counted: false,
        });
    }
    let handle = GuardHandle {
        mode: Arc::new(AtomicU8::new(MODE_PARTS)),
        refusal: Arc::new(OnceLock::new()),
    };
    let guarded = GuardedFile {
        inner: BufReader::new(theirs),
        archive,
        entries,
        starts,
        limits: *limits,
        inflated: 0,
        decoded: 0,
        buf: Vec::new(),
        handle: handle.clone(),
    };
    Ok((guarded, handle))
}

/// The limit on one entry's unpacked size.
fn entry_limit(limits: &Limits, shared_strings: bool) -> (Limit, u64) {
    if shared_strings && limits.max_shared_strings_bytes <= limits.max_entry_bytes {
        (Limit::SharedStringsBytes, limits.max_shared_strings_bytes)
    } else {
        (Limit::EntryBytes, limits.max_entry_bytes)
    }
}

impl GuardedFile {
    /// Called with the position of every seek: if an entry's data starts
    /// there, calamine is about to read it.
    fn opening(&mut self, position: u64) -> Result<(), Refusal> {
        if let Some(refusal) = self.handle.refusal.get() {
            return Err(refusal.clone());
        }
        let Some(indices) = self.starts.get(&position).cloned() else {
            return Ok(());
        };
        for index in indices {
            self.admit(index)?;
        }
        Ok(())
    }

    fn admit(&mut self, index: usize) -> Result<(), Refusal> {
        let facts = match self.entries.get(index).and_then(|e| e.facts) {
            Some(facts) => facts,
            None => {
                let facts = self.scan(index)?;
                if let Some(entry) = self.entries.get_mut(index) {
                    entry.facts = Some(facts);
                }
                facts
            }
        };
        let name = self.entries.get(index).map_or("", |e| e.name.as_str());
        judge_xml(&facts, name, &self.limits)?;
        if self.handle.mode.load(Ordering::SeqCst) == MODE_PARTS
            && let Some(entry) = self.entries.get_mut(index)
            && !entry.counted
        {
            entry.counted = true;
            self.decoded = self.decoded.saturating_add(decoded_estimate(&facts));
            if self.decoded > self.limits.max_decoded_bytes {
                return Err(Refusal::limit(
                    Limit::DecodedBytes,
                    self.limits.max_decoded_bytes,
                    self.decoded,
                ));
            }
        }
        Ok(())
    }

    /// Inflates one entry through a bounded reader and scans it.
    fn scan(&mut self, index: usize) -> Result<XmlFacts, Refusal> {
        let Some(entry) = self.entries.get(index) else {
            return Err(Refusal::Corrupt(format!("no zip entry {index}")));
        };
        let declared = entry.declared;
        let (limit, max) = entry_limit(&self.limits, entry.shared_strings);
        let room = self.limits.max_total_bytes.saturating_sub(self.inflated);
        let cap = max.min(room);
        // The CRC is not the guard's concern: calamine may never read an entry
        // to its end, and refusing what it would accept helps nobody.
        let options = ZipReadOptions::new().ignore_crc32(true);
        let mut file = self
            .archive
            .by_index_with_options(index, options)
            .map_err(|e| Refusal::Corrupt(e.to_string()))?;
        let mut reader = (&mut file).take(cap.saturating_add(1));
        self.buf.resize(CHUNK, 0);
        let mut scanner = XmlScanner::new();
        let mut count = 0u64;
        loop {
            // Read up to the declared size, then one byte more: the zip crate
            // fails (rather than shortens) a read that goes past the declared
            // size, so that is how a part that lies about its size shows.
            let room = declared.saturating_sub(count).max(1);
            let want = usize::try_from(room).map_or(CHUNK, |room| room.min(CHUNK));
            let buf = self.buf.get_mut(..want).unwrap_or_default();
            let n = match reader.read(buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                // The zip crate stops an entry that inflates past its declared size.
                Err(_) if count >= declared => {
                    return Err(Refusal::limit(Limit::DeclaredSize, declared, count + 1));
                }
                Err(e) => return Err(Refusal::Corrupt(e.to_string())),
            };
            let piece = self.buf.get(..n).unwrap_or_default();
            scanner.feed(piece);
            count += n as u64;
            // Stop inflating once the answer is known.
            if count > declared {
                return Err(Refusal::limit(Limit::DeclaredSize, declared, count));
            }
            if count > cap {
                self.inflated = self.inflated.saturating_add(count);
                return Err(if cap < max {
                    Refusal::limit(
                        Limit::TotalBytes,
                        self.limits.max_total_bytes,
                        self.inflated,
                    )
                } else {
                    Refusal::limit(limit, max, count)
                });
            }
            let longest = scanner.longest_so_far();
            if longest > self.limits.max_cell_xml_bytes() {
                return Err(Refusal::limit(
                    Limit::CellXmlBytes,
                    self.limits.max_cell_xml_bytes(),
                    longest,
                ));
            }
        }
        self.inflated = self.inflated.saturating_add(count);
        Ok(scanner.finish())
    }

    fn refuse(&self, refusal: Refusal) -> io::Error {
        let text = refusal.to_error().to_string();
        let _ = self.handle.refusal.set(refusal);
        io::Error::other(text)
    }
}

/// What no part calamine reads may contain, whatever it is used for.
fn judge_xml(facts: &XmlFacts, name: &str, limits: &Limits) -> Result<(), Refusal> {
    if facts.has_doctype {
        return Err(Refusal::Corrupt(format!(
            "{name} declares a DOCTYPE, which Office files never do"
        )));
    }
    let longest = facts.max_token.max(facts.max_cell).max(facts.max_si);
    let max = limits.max_cell_xml_bytes();
    if longest > max {
        return Err(Refusal::limit(Limit::CellXmlBytes, max, longest));
    }
    Ok(())
}

/// calamine's memory for a part it keeps, from the scan: its shared strings
/// (a `String` per `<si>`, room reserved for `uniqueCount`), its styles (every
/// `<xf>` holds a copy of a font name and a number format), and for anything
/// else a few times the XML (relationship maps, sheet lists, defined names).
fn decoded_estimate(facts: &XmlFacts) -> u64 {
    const STRING: u64 = std::mem::size_of::<String>() as u64;
    // Heap block and allocator overhead of a short string.
    const SMALL_ALLOC: u64 = 32;
    let style = std::mem::size_of::<calamine::Style>() as u64;
    let strings = if facts.si_count > 0 {
        // Each <si><t></t></si> takes 16 bytes of markup; the text around it may
        // be held with up to twice its length of capacity.
        let text = facts
            .bytes
            .saturating_sub(facts.si_count.saturating_mul(16));
        let slots = facts.unique_count.max(facts.si_count.saturating_mul(2));
        slots
            .saturating_mul(STRING)
            .saturating_add(facts.si_count.saturating_mul(SMALL_ALLOC))
            .saturating_add(text.saturating_mul(2))
    } else {
        facts.bytes.saturating_mul(3)
    };
    let styles = facts.xf_count.saturating_mul(
        style
            .saturating_mul(2)
            .saturating_add(facts.max_style_tag.saturating_mul(2)),
    );
    strings.saturating_add(styles)
}

impl Read for GuardedFile {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.inner.read(buf)
    }
}

impl Seek for GuardedFile {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        let position = self.inner.seek(pos)?;
        match self.opening(position) {
            Ok(()) => Ok(position),
            Err(refusal) => Err(self.refuse(refusal)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_strings_are_found_like_calamine_finds_them() {
        assert!(is_shared_strings("xl/sharedStrings.xml"));
        assert!(is_shared_strings("XL\\SHAREDSTRINGS.XML"));
        assert!(is_shared_strings("sharedStrings.xml"));
        assert!(!is_shared_strings("xl/worksheets/sheet1.xml"));
    }

    #[test]
    fn a_full_shared_string_table_fits_the_decoded_budget() {
        // 64 MiB of XML holding a million distinct short texts.
        let facts = XmlFacts {
            bytes: 64 << 20,
            si_count: 1_000_000,
            unique_count: 1_000_000,
            ..XmlFacts::default()
        };
        assert!(decoded_estimate(&facts) < Limits::default().max_decoded_bytes);
        // The same table declaring room for a billion strings does not.
        let inflated = XmlFacts {
            unique_count: 1_000_000_000,
            ..facts
        };
        assert!(decoded_estimate(&inflated) > Limits::default().max_decoded_bytes);
    }
}
