//! A byte-level pass over an XML part that measures what the XML parser would
//! have to hold at once, without holding anything itself.
//!
//! calamine reads XLSX parts with quick-xml, which buffers each event whole: one
//! text run, one tag with all its attributes, one comment. It also builds one
//! string per cell (`<c>`) and per shared string (`<si>`) from all the events
//! inside it. So what bounds its memory for a part is the longest event, the
//! longest `<c>` and `<si>` element, and, for the parts it keeps, how many
//! strings and styles it will create. This scanner finds those numbers in one
//! streaming pass. It follows quick-xml's rules for where markup ends (quotes in
//! tags, `-->`, `]]>`, `?>`) so its measurements are never shorter than the
//! parser's events; it is not a validating parser and need not be.

/// What one pass over a part found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct XmlFacts {
    /// Bytes scanned.
    pub bytes: u64,
    /// The longest text run or markup token (tag, comment, CDATA, PI).
    pub max_token: u64,
    /// The longest element with local name `c` (a worksheet cell), from its
    /// start tag to the first end tag named `c`, as calamine reads a cell.
    pub max_cell: u64,
    /// The longest element with local name `si` (a shared string), from its
    /// start tag to the first end tag with the same name.
    pub max_si: u64,
    /// Start tags named `si`: the strings calamine keeps.
    pub si_count: u64,
    /// The `uniqueCount` of an `<sst>` tag, which calamine reserves room for
    /// up front; the largest if there are several.
    pub unique_count: u64,
    /// Start tags named `xf`: the styles calamine keeps.
    pub xf_count: u64,
    /// The longest `<name>` (font name) or `<numFmt>` tag: calamine copies a
    /// font name and a number format into every style.
    pub max_style_tag: u64,
    /// A `<!DOCTYPE`: Office parts never have one, and a DTD is how XML
    /// entity bombs are built.
    pub has_doctype: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Text,
    /// Just after `<`.
    Open,
    /// The element name of a start or end tag.
    Name,
    /// Inside a tag after its name, outside quotes.
    Tag,
    /// Inside a quoted attribute value.
    Quote(u8),
    /// After `<!`, deciding between a comment, CDATA and a declaration.
    Bang,
    Comment,
    Cdata,
    /// `<!DOCTYPE …>` or another `<!…>` declaration.
    Decl,
    /// `<? … ?>`.
    Pi,
}

/// The elements the scan tracks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Element {
    Cell,
    SharedString,
    Style,
    StyleText,
    Table,
    Other,
}

/// Longest name kept for comparison; longer names match nothing we look for.
const NAME_CAP: usize = 64;
/// Longest attribute name or value kept for `uniqueCount`.
const ATTR_CAP: usize = 32;

pub(crate) struct XmlScanner {
    facts: XmlFacts,
    state: State,
    /// Offset of the first byte of the current token.
    token_start: u64,
    /// Offset of the next byte to be fed.
    pos: u64,
    is_end_tag: bool,
    name: Vec<u8>,
    name_overflow: bool,
    /// The previous byte in a tag was `/` (an empty element if `>` follows).
    slash: bool,
    attr_name: Vec<u8>,
    attr_value: Vec<u8>,
    capture_value: bool,
    unique_count: Option<u64>,
    /// The opening bytes after `<!`.
    bang: Vec<u8>,
    /// The last two bytes of a comment, CDATA or PI body.
    tail: [u8; 2],
    tail_len: u8,
    open_cell: Option<u64>,
    open_si: Option<(u64, Vec<u8>)>,
}

impl XmlScanner {
    pub(crate) fn new() -> XmlScanner {
        XmlScanner {
            facts: XmlFacts::default(),
            state: State::Text,
            token_start: 0,
            pos: 0,
            is_end_tag: false,
            name: Vec::with_capacity(NAME_CAP),
            name_overflow: false,
            slash: false,
            attr_name: Vec::with_capacity(ATTR_CAP),
            attr_value: Vec::with_capacity(ATTR_CAP),
            capture_value: false,
            unique_count: None,
            bang: Vec::with_capacity(8),
            tail: [0; 2],
            tail_len: 0,
            open_cell: None,
            open_si: None,
        }
    }

    /// The facts so far; call after the last chunk. Anything still open runs
    /// to the end of the part, as it would for the parser.
    pub(crate) fn finish(mut self) -> XmlFacts {
        let end = self.pos;
        self.close_token(end);
        if let Some(start) = self.open_cell.take() {
            self.facts.max_cell = self.facts.max_cell.max(end - start);
        }
        if let Some((start, _)) = self.open_si.take() {
            self.facts.max_si = self.facts.max_si.max(end - start);
        }
        self.facts.bytes = end;
        self.facts
    }

    /// The longest token, cell or shared string so far, counting the ones
    /// still open as if they ended here: a refusal need not wait for the end.
    pub(crate) fn longest_so_far(&self) -> u64 {
        let open_token = self.pos - self.token_start;
        let open_cell = self.open_cell.map_or(0, |start| self.pos - start);
        let open_si = self
            .open_si
            .as_ref()
            .map_or(0, |(start, _)| self.pos - start);
        self.facts
            .max_token
            .max(self.facts.max_cell)
            .max(self.facts.max_si)
            .max(open_token)
            .max(open_cell)
            .max(open_si)
    }

    /// Records the token that started at `token_start` and ends before `end`.
    fn close_token(&mut self, end: u64) {
        self.facts.max_token = self.facts.max_token.max(end - self.token_start);
        self.token_start = end;
    }

    pub(crate) fn feed(&mut self, chunk: &[u8]) {
        let mut i = 0;
        while i < chunk.len() {
            if self.state == State::Text {
                // Most of a part is text between tags; skip to the next tag.
                match memchr::memchr(b'<', &chunk[i..]) {
                    Some(at) => {
                        let lt = self.pos + (i + at) as u64;
                        self.close_token(lt);
                        self.state = State::Open;
                        i += at + 1;
                    }
                    None => i = chunk.len(),
                }
                continue;
            }
            let byte = chunk[i];
            let at = self.pos + i as u64;
            self.step(byte, at);
            i += 1;
        }
        self.pos += chunk.len() as u64;
    }

    fn step(&mut self, byte: u8, at: u64) {
        match self.state {
            State::Text => {}
            State::Open => match byte {
                b'/' => self.begin_name(true),
                b'!' => {
                    self.bang.clear();
                    self.state = State::Bang;
                }
                b'?' => self.begin_body(State::Pi),
                _ => {
                    self.begin_name(false);
                    self.name_byte(byte, at);
                }
            },
            State::Name => self.name_byte(byte, at),
            State::Tag => self.tag_byte(byte, at),
            State::Quote(quote) => {
                if byte == quote {
                    if self.capture_value {
                        self.take_attr_value();
                    }
                    self.capture_value = false;
                    self.state = State::Tag;
                } else if self.capture_value && self.attr_value.len() < ATTR_CAP {
                    self.attr_value.push(byte);
                }
            }
            State::Bang => {
                self.bang.push(byte);
                if self.bang == b"--" {
                    self.begin_body(State::Comment);
                } else if self.bang == b"[CDATA[" {
                    self.begin_body(State::Cdata);
                } else if !b"--".starts_with(&self.bang) && !b"[CDATA[".starts_with(&self.bang) {
                    if matches!(self.bang.first(), Some(b'D' | b'd')) {
                        self.facts.has_doctype = true;
                    }
                    self.state = State::Decl;
                    if byte == b'>' {
                        self.end_markup(at);
                    }
                }
            }
            State::Comment => self.body_byte(byte, at, b'-'),
            State::Cdata => self.body_byte(byte, at, b']'),
            State::Pi => self.body_byte(byte, at, b'?'),
            State::Decl => {
                if byte == b'>' {
                    self.end_markup(at);
                }
            }
        }
    }

    fn begin_name(&mut self, is_end: bool) {
        self.is_end_tag = is_end;
        self.name.clear();
        self.name_overflow = false;
        self.slash = false;
        self.attr_name.clear();
        self.unique_count = None;
        self.state = State::Name;
    }

    fn begin_body(&mut self, state: State) {
        self.tail_len = 0;
        self.state = state;
    }

    fn name_byte(&mut self, byte: u8, at: u64) {
        match byte {
            b'>' => self.end_tag(at),
            b'/' => {
                self.slash = true;
                self.state = State::Tag;
            }
            b if b.is_ascii_whitespace() => self.state = State::Tag,
            b => {
                if self.name.len() < NAME_CAP {
                    self.name.push(b);
                } else {
                    self.name_overflow = true;
                }
            }
        }
    }

    fn tag_byte(&mut self, byte: u8, at: u64) {
        match byte {
            b'>' => self.end_tag(at),
            b'"' | b'\'' => {
                self.slash = false;
                self.capture_value = self.wants_attr();
                self.attr_value.clear();
                self.attr_name.clear();
                self.state = State::Quote(byte);
            }
            b'/' => self.slash = true,
            b'=' => self.slash = false,
            b if b.is_ascii_whitespace() => {
                self.slash = false;
            }
            b => {
                self.slash = false;
                // A new attribute name starts after a value or whitespace; keep
                // only the last one seen before its `=`.
                if self.attr_name.len() < ATTR_CAP {
                    self.attr_name.push(b);
                }
            }
        }
    }

    /// Only `uniqueCount` of `<sst>` is read, exactly as calamine looks it up.
    fn wants_attr(&self) -> bool {
        !self.is_end_tag && self.local_name() == b"sst" && self.attr_name == b"uniqueCount"
    }

    fn take_attr_value(&mut self) {
        // calamine parses it as an unsigned integer and ignores it otherwise.
        let digits = &self.attr_value;
        if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
            return;
        }
        let value = digits.iter().try_fold(0u64, |n, d| {
            n.checked_mul(10)?.checked_add(u64::from(d - b'0'))
        });
        if let Some(value) = value {
            self.unique_count = Some(value);
        }
    }

    fn local_name(&self) -> &[u8] {
        if self.name_overflow {
            return b"";
        }
        match self.name.iter().rposition(|&b| b == b':') {
            Some(colon) => &self.name[colon + 1..],
            None => &self.name,
        }
    }

    /// The element the current tag names, among those the scan tracks.
    fn element(&self) -> Element {
        match self.local_name() {
            b"c" => Element::Cell,
            b"si" => Element::SharedString,
            b"xf" => Element::Style,
            b"name" | b"numFmt" => Element::StyleText,
            b"sst" => Element::Table,
            _ => Element::Other,
        }
    }

    /// A `>` ends a start or end tag at offset `at`.
    fn end_tag(&mut self, at: u64) {
        let tag_start = self.token_start;
        let tag_len = at + 1 - tag_start;
        self.close_token(at + 1);
        self.state = State::Text;
        let element = self.element();
        if self.is_end_tag {
            self.element_end(element, at + 1);
            return;
        }
        match element {
            Element::Cell => {
                if self.open_cell.is_none() {
                    self.open_cell = Some(tag_start);
                }
            }
            Element::SharedString => {
                self.facts.si_count += 1;
                if self.open_si.is_none() {
                    self.open_si = Some((tag_start, self.name.clone()));
                }
            }
            Element::Style => self.facts.xf_count += 1,
            Element::StyleText => {
                self.facts.max_style_tag = self.facts.max_style_tag.max(tag_len);
            }
            Element::Table => {
                if let Some(n) = self.unique_count {
                    self.facts.unique_count = self.facts.unique_count.max(n);
                }
            }
            Element::Other => {}
        }
        // The parser expands `<x/>` into a start and an end event.
        if self.slash {
            self.element_end(element, at + 1);
        }
    }

    fn element_end(&mut self, element: Element, end: u64) {
        match element {
            Element::Cell => {
                if let Some(start) = self.open_cell.take() {
                    self.facts.max_cell = self.facts.max_cell.max(end - start);
                }
            }
            Element::SharedString => {
                // calamine ends a shared string at the first end tag with the
                // same qualified name as its start tag.
                let same = self
                    .open_si
                    .as_ref()
                    .is_some_and(|(_, name)| !self.name_overflow && *name == self.name);
                if same && let Some((start, _)) = self.open_si.take() {
                    self.facts.max_si = self.facts.max_si.max(end - start);
                }
            }
            _ => {}
        }
    }

    /// A byte of a comment, CDATA or PI body, which ends at `>` after two
    /// `closer` bytes (`-->`, `]]>`) or, for a PI, after one (`?>`).
    fn body_byte(&mut self, byte: u8, at: u64, closer: u8) {
        let needed = if self.state == State::Pi { 1 } else { 2 };
        let closes = byte == b'>'
            && usize::from(self.tail_len) >= needed
            && self.tail[2 - needed..].iter().all(|&b| b == closer);
        if closes {
            self.end_markup(at);
            return;
        }
        self.tail = [self.tail[1], byte];
        self.tail_len = self.tail_len.saturating_add(1).min(2);
    }

    fn end_markup(&mut self, at: u64) {
        self.close_token(at + 1);
        self.state = State::Text;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(parts: &[&[u8]]) -> XmlFacts {
        let mut scanner = XmlScanner::new();
        for part in parts {
            scanner.feed(part);
        }
        scanner.finish()
    }

    #[test]
    fn cells_and_tokens_are_measured() {
        let xml = br#"<?xml version="1.0"?><worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>hello</t></is></c><c r="B1"/></row></sheetData></worksheet>"#;
        let facts = scan(&[xml]);
        assert_eq!(facts.bytes, xml.len() as u64);
        let cell = r#"<c r="A1" t="inlineStr"><is><t>hello</t></is></c>"#;
        assert_eq!(facts.max_cell, cell.len() as u64);
        assert_eq!(facts.max_token, r#"<c r="A1" t="inlineStr">"#.len() as u64);
        assert!(!facts.has_doctype);
    }

    #[test]
    fn split_anywhere_gives_the_same_facts() {
        let xml = br#"<x:sst xmlns:x="u" uniqueCount="12"><x:si><x:t a='q>x'>ab</x:t></x:si><!-- c -- > --><![CDATA[<c>]]></x:sst>"#;
        let whole = scan(&[xml]);
        for cut in 1..xml.len() {
            assert_eq!(scan(&[&xml[..cut], &xml[cut..]]), whole, "cut at {cut}");
        }
        assert_eq!(whole.unique_count, 12);
        assert_eq!(whole.si_count, 1);
        assert_eq!(
            whole.max_si,
            r#"<x:si><x:t a='q>x'>ab</x:t></x:si>"#.len() as u64
        );
        // The `<c>` inside CDATA is text, not a cell.
        assert_eq!(whole.max_cell, 0);
        assert_eq!(
            whole.max_token,
            r#"<x:sst xmlns:x="u" uniqueCount="12">"#.len() as u64
        );
    }

    #[test]
    fn a_long_text_run_and_an_unclosed_cell_count_to_the_end() {
        let text = vec![b'a'; 10_000];
        let facts = scan(&[b"<c>", &text]);
        assert_eq!(facts.max_token, 10_000);
        assert_eq!(facts.max_cell, 10_003);
    }

    #[test]
    fn styles_and_doctype() {
        let facts = scan(&[
            br#"<!DOCTYPE x [<!ENTITY a "b">]><styleSheet><fonts><font><name val="Calibri"/></font></fonts><cellXfs><xf/><xf numFmtId="0"></xf></cellXfs></styleSheet>"#,
        ]);
        assert!(facts.has_doctype);
        assert_eq!(facts.xf_count, 2);
        assert_eq!(facts.max_style_tag, r#"<name val="Calibri"/>"#.len() as u64);
    }
}
