//! Readers, metadata and cleaning: turns input files (plain text, Markdown,
//! HTML, JSON / JSON Lines, RSS and Atom feeds) into [`Document`]s whose text
//! is cleaned, whose zones mark titles, captions, metadata lines, endnotes,
//! URLs and page furniture, whose `source_map` traces the cleaned text back to
//! the input, and whose metadata records how each field was found.
//!
//! JSON Lines input is streamed line by line (any size); every other input is
//! read whole and refused above [`MAX_FILE_BYTES`]. Bad input never panics:
//! each problem is one [`InputError`] with a one-line reason, and the other
//! inputs (or the other lines / items of the same file) still go through.

mod clean;
mod date;
mod feed;
mod html;
mod lexicon;
mod urls;

use clean::{clean, Options};
use demarche_core::{Document, Metadata, Origin};
use serde_json::Value;
use std::fs::File;
use std::io::{BufRead, BufReader, Cursor, Read};
use std::path::{Path, PathBuf};

/// Largest non-JSON-Lines input read whole (64 MiB).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Largest single line of a JSON Lines input (one article).
pub const MAX_LINE_BYTES: u64 = 64 * 1024 * 1024;

/// A problem with one input, reported by name and skipped.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {reason}")]
pub struct InputError {
    pub path: String,
    pub reason: String,
}

impl InputError {
    fn new(path: &str, reason: impl Into<String>) -> InputError {
        InputError {
            path: path.to_string(),
            reason: reason.into(),
        }
    }
}

/// Input formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Plain text (web pages converted to text; Markdown links are resolved).
    Txt,
    /// Markdown.
    Md,
    /// An HTML page.
    Html,
    /// One JSON article per line, streamed.
    Jsonl,
    /// A JSON array of articles, a single article object, or JSON Lines.
    Json,
    /// An RSS (2.0 or 1.0) or Atom feed; the dialect is read from the root element.
    Feed,
}

impl Format {
    /// Short name as used in [`Origin::format`] (feeds report "rss" or "atom").
    pub fn name(self) -> &'static str {
        match self {
            Format::Txt => "txt",
            Format::Md => "md",
            Format::Html => "html",
            Format::Jsonl => "jsonl",
            Format::Json => "json",
            Format::Feed => "feed",
        }
    }
}

/// The format a file name's extension names, or `None` for unknown extensions.
pub fn format_of(path: &Path) -> Option<Format> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    Some(match ext.as_str() {
        "txt" | "text" => Format::Txt,
        "md" | "markdown" | "mdown" => Format::Md,
        "html" | "htm" | "xhtml" => Format::Html,
        "jsonl" | "ndjson" => Format::Jsonl,
        "json" => Format::Json,
        "xml" | "rss" | "atom" => Format::Feed,
        _ => return None,
    })
}

/// Guesses the format of content from its first bytes (used for stdin).
pub fn sniff(head: &[u8]) -> Format {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let h = &head[start..];
    match h.first() {
        Some(b'[') => Format::Json,
        Some(b'{') => {
            let line_end = memchr::memchr(b'\n', h).unwrap_or(h.len());
            if h[..line_end].trim_ascii_end().ends_with(b"}") {
                Format::Jsonl
            } else {
                Format::Json
            }
        }
        Some(b'<') => {
            let low = String::from_utf8_lossy(&h[..h.len().min(4096)]).to_ascii_lowercase();
            if low.contains("<rss") || low.contains("<feed") || low.contains("<rdf:rdf") {
                Format::Feed
            } else {
                Format::Html
            }
        }
        Some(b'#') if h.starts_with(b"# ") => Format::Md,
        _ => Format::Txt,
    }
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "not found".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// Expands files and folders (recursively, sorted, hidden entries skipped)
/// into input files. Inside folders only files with a known extension are
/// kept; a file named explicitly is kept whatever its extension (read as
/// text). `-` (stdin) passes through. Missing or unreadable paths become errors.
pub fn discover(paths: &[PathBuf]) -> Vec<Result<PathBuf, InputError>> {
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(Ok(p.clone()));
            continue;
        }
        match std::fs::metadata(p) {
            Err(e) => out.push(Err(InputError::new(
                &p.display().to_string(),
                io_reason(&e),
            ))),
            Ok(m) if m.is_dir() => walk(p, &mut out),
            Ok(_) => out.push(Ok(p.clone())),
        }
    }
    out
}

fn walk(dir: &Path, out: &mut Vec<Result<PathBuf, InputError>>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            out.push(Err(InputError::new(
                &dir.display().to_string(),
                io_reason(&e),
            )));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| e.path())
        .collect();
    paths.sort();
    for p in paths {
        match std::fs::metadata(&p) {
            Ok(m) if m.is_dir() => walk(&p, out),
            Ok(_) if format_of(&p).is_some() => out.push(Ok(p)),
            Ok(_) => {}
            Err(e) => out.push(Err(InputError::new(
                &p.display().to_string(),
                io_reason(&e),
            ))),
        }
    }
}

type Docs = Box<dyn Iterator<Item = Result<Document, InputError>> + Send>;

fn fail(path: &str, reason: impl Into<String>) -> Docs {
    Box::new(std::iter::once(Err(InputError::new(path, reason))))
}

fn file_name(path: &str) -> String {
    Path::new(path)
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.to_string())
}

fn too_large(len: u64) -> String {
    format!(
        "too large: {} MiB (limit {} MiB for non-JSON-Lines input)",
        len.div_ceil(1024 * 1024),
        MAX_FILE_BYTES / (1024 * 1024)
    )
}

/// Reads one input file into its documents (several for JSON Lines, JSON
/// arrays and feeds). `-` reads stdin, its format sniffed from the content.
/// Unknown extensions are read as text.
pub fn read_path(path: &Path) -> Docs {
    if path.as_os_str() == "-" {
        return read_reader("-", std::io::stdin(), None);
    }
    let name = path.display().to_string();
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => return fail(&name, io_reason(&e)),
    };
    if meta.is_dir() {
        return fail(&name, "is a directory");
    }
    let format = format_of(path).unwrap_or(Format::Txt);
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) => return fail(&name, io_reason(&e)),
    };
    if format == Format::Jsonl || (format == Format::Json && meta.len() > MAX_FILE_BYTES) {
        return json_lines(&name, BufReader::with_capacity(1 << 16, file), "jsonl");
    }
    if meta.len() > MAX_FILE_BYTES {
        return fail(&name, too_large(meta.len()));
    }
    read_whole(&name, file, format)
}

/// Reads documents from any reader; `name` names the input in ids and errors
/// (`-` for stdin). With `format` `None` the format is sniffed from the content.
pub fn read_reader<R: Read + Send + 'static>(
    name: &str,
    reader: R,
    format: Option<Format>,
) -> Docs {
    let mut br = BufReader::with_capacity(1 << 16, reader);
    let format = match format {
        Some(f) => f,
        None => match br.fill_buf() {
            Ok(head) => sniff(head),
            Err(e) => return fail(name, io_reason(&e)),
        },
    };
    if format == Format::Jsonl {
        return json_lines(name, br, "jsonl");
    }
    read_whole(name, br, format)
}

fn read_whole(name: &str, reader: impl Read, format: Format) -> Docs {
    let mut bytes = Vec::new();
    if let Err(e) = reader.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes) {
        return fail(name, io_reason(&e));
    }
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return fail(name, too_large(bytes.len() as u64));
    }
    let (text, warnings) = match decode(bytes) {
        Ok(d) => d,
        Err(reason) => return fail(name, reason),
    };
    let src = Source {
        path: name.to_string(),
        file: file_name(name),
        format: format.name(),
    };
    match format {
        Format::Txt | Format::Md | Format::Html => {
            let body = match format {
                Format::Md => Body::Markdown,
                Format::Html => Body::Html,
                _ => Body::Text,
            };
            let id = src.file.clone();
            let r = build(&src, id, None, &text, body, Metadata::default(), warnings);
            Box::new(std::iter::once(
                r.map_err(|reason| InputError::new(name, reason)),
            ))
        }
        Format::Json | Format::Jsonl => read_json(src, text, warnings),
        Format::Feed => read_feed(src, &text, warnings),
    }
}

/// Decodes input bytes: BOMs, UTF-16, binary detection, lossy UTF-8.
fn decode(bytes: Vec<u8>) -> Result<(String, Vec<String>), String> {
    let mut warnings = Vec::new();
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let le = bytes[0] == 0xFF;
        let units: Vec<u16> = bytes[2..]
            .chunks_exact(2)
            .map(|c| {
                if le {
                    u16::from_le_bytes([c[0], c[1]])
                } else {
                    u16::from_be_bytes([c[0], c[1]])
                }
            })
            .collect();
        let text = String::from_utf16_lossy(&units);
        return if text.trim().is_empty() {
            Err("empty".into())
        } else {
            Ok((text, warnings))
        };
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    if body.iter().all(|b| b.is_ascii_whitespace()) {
        return Err("empty".into());
    }
    if is_binary(body) {
        return Err("binary file".into());
    }
    let skip = bytes.len() - body.len();
    let text = match String::from_utf8(bytes) {
        Ok(mut s) => {
            s.drain(..skip);
            s
        }
        Err(e) => {
            warnings.push("invalid UTF-8 decoded lossily".to_string());
            String::from_utf8_lossy(&e.into_bytes()[skip..]).into_owned()
        }
    };
    Ok((text, warnings))
}

/// NUL bytes, or mostly control bytes in the first 8 KiB.
fn is_binary(b: &[u8]) -> bool {
    if memchr::memchr(0, b).is_some() {
        return true;
    }
    let head = &b[..b.len().min(8192)];
    let ctrl = head
        .iter()
        .filter(|&&c| c < 0x20 && !matches!(c, b'\n' | b'\r' | b'\t' | 0x0C))
        .count();
    ctrl * 10 > head.len()
}

/// Where documents come from.
struct Source {
    path: String,
    file: String,
    format: &'static str,
}

/// How a body is written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Body {
    Text,
    Markdown,
    Html,
}

/// Text that is HTML rather than plain text (feed and JSON bodies).
fn looks_html(t: &str) -> bool {
    let head = &t.as_bytes()[..t.len().min(4096)];
    let low = String::from_utf8_lossy(head).to_ascii_lowercase();
    [
        "<p>", "<p ", "</p>", "<br", "<div", "</a>", "<span", "<html", "<li>", "<h1", "<h2",
        "<em>", "<strong>",
    ]
    .iter()
    .any(|m| low.contains(m))
}

fn merge(first: Metadata, second: Metadata) -> Metadata {
    Metadata {
        title: first.title.or(second.title),
        published: first.published.or(second.published),
        outlet: first.outlet.or(second.outlet),
        byline: first.byline.or(second.byline),
        url: first.url.or(second.url),
        dateline: first.dateline.or(second.dateline),
    }
}

/// Cleans a body into a document. Metadata given by the container (JSON,
/// feed) wins over metadata from markup, which wins over metadata from text.
fn build(
    src: &Source,
    id: String,
    item: Option<usize>,
    raw: &str,
    body: Body,
    preset: Metadata,
    warnings: Vec<String>,
) -> Result<Document, String> {
    let (cleaned, markup_meta) = match body {
        Body::Html => {
            let h = html::extract(raw);
            let opts = Options {
                markdown: false,
                inline_links: false,
                hints: &h.hints,
                how_prefix: "html",
            };
            (clean(&h.text, opts), h.meta)
        }
        Body::Markdown | Body::Text => {
            let opts = Options {
                markdown: body == Body::Markdown,
                inline_links: true,
                hints: &[],
                how_prefix: if body == Body::Markdown { "md" } else { "text" },
            };
            (clean(raw, opts), Metadata::default())
        }
    };
    if cleaned.text.trim().is_empty() {
        return Err("empty".into());
    }
    let meta = merge(merge(preset, markup_meta), cleaned.meta);
    let hash = demarche_core::sha256_hex(&cleaned.text);
    Ok(Document {
        id,
        origin: Origin {
            path: src.path.clone(),
            item,
            format: src.format.to_string(),
        },
        text: cleaned.text,
        hash,
        meta,
        warnings,
        zones: cleaned.zones,
        source_map: cleaned.source_map,
        ..Default::default()
    })
}

// ------------------------------------------------------------------ JSON

fn str_field(
    o: &serde_json::Map<String, Value>,
    keys: &[&'static str],
) -> Option<(&'static str, String)> {
    keys.iter().find_map(|k| match o.get(*k)? {
        Value::String(s) if !s.trim().is_empty() => Some((*k, s.to_string())),
        Value::Number(n) => Some((*k, n.to_string())),
        Value::Array(a) => {
            let parts: Vec<String> = a
                .iter()
                .filter_map(|v| match v {
                    Value::String(s) => Some(s.clone()),
                    Value::Object(m) => m.get("name").and_then(Value::as_str).map(str::to_string),
                    _ => None,
                })
                .collect();
            (!parts.is_empty()).then(|| (*k, parts.join(", ")))
        }
        Value::Object(m) => m
            .get("name")
            .and_then(Value::as_str)
            .map(|s| (*k, s.to_string())),
        _ => None,
    })
}

/// One JSON article. `label` prefixes error reasons ("line 3", "item 2").
fn json_article(
    src: &Source,
    v: &Value,
    item: Option<usize>,
    label: &str,
    mut warnings: Vec<String>,
) -> Result<Document, String> {
    let Some(o) = v.as_object() else {
        return Err(format!("{label}not a JSON object"));
    };
    let Some((_, text)) = str_field(o, &["text", "body", "content"]) else {
        return Err(format!("{label}no text field"));
    };
    let how = |k: &str| format!("{}:{k}", src.format);
    let mut meta = Metadata::default();
    let found = |f: Option<(&str, String)>| {
        f.map(|(k, v)| demarche_core::Found::new(v.trim().to_string(), how(k)))
    };
    meta.title = found(str_field(o, &["title", "headline"]));
    meta.url = found(str_field(o, &["url", "link"]));
    meta.outlet = found(str_field(o, &["source", "outlet", "site", "publisher"]));
    meta.byline = found(str_field(o, &["author", "byline", "authors"]));
    if let Some((k, d)) = str_field(
        o,
        &[
            "published",
            "date",
            "pubDate",
            "published_at",
            "datePublished",
        ],
    ) {
        match date::normalize(&d) {
            Some(iso) => meta.published = Some(demarche_core::Found::new(iso, how(k))),
            None => warnings.push(format!("unrecognised date {d:?}")),
        }
    }
    let id = match (str_field(o, &["id", "guid"]), item) {
        (Some((_, id)), _) => id,
        (None, Some(n)) => format!("{}#{n}", src.file),
        (None, None) => src.file.clone(),
    };
    let body = if looks_html(&text) {
        Body::Html
    } else {
        Body::Text
    };
    build(src, id, item, &text, body, meta, warnings).map_err(|r| format!("{label}{r}"))
}

fn read_json(src: Source, text: String, warnings: Vec<String>) -> Docs {
    let trimmed = text.trim_start();
    if trimmed.starts_with('[') {
        let path = src.path.clone();
        return match serde_json::from_str::<Value>(trimmed) {
            Ok(Value::Array(items)) => {
                Box::new(items.into_iter().enumerate().map(move |(i, v)| {
                    json_article(
                        &src,
                        &v,
                        Some(i + 1),
                        &format!("item {}: ", i + 1),
                        warnings.clone(),
                    )
                    .map_err(|r| InputError::new(&src.path, r))
                }))
            }
            Ok(_) => fail(&path, "not a JSON array"),
            Err(e) => fail(&path, format!("invalid JSON ({e})")),
        };
    }
    if src.format == "json" {
        if let Ok(v) = serde_json::from_str::<Value>(trimmed) {
            let r = json_article(&src, &v, None, "", warnings)
                .map_err(|r| InputError::new(&src.path, r));
            return Box::new(std::iter::once(r));
        }
    }
    let format = src.format;
    let mut it = JsonLines::new(&src.path, Cursor::new(text.into_bytes()), format);
    it.warnings = warnings;
    Box::new(it)
}

fn json_lines<R: BufRead + Send + 'static>(
    name: &str,
    mut reader: R,
    format: &'static str,
) -> Docs {
    match reader.fill_buf() {
        Err(e) => return fail(name, io_reason(&e)),
        Ok([]) => return fail(name, "empty"),
        Ok(head) if is_binary(head) => return fail(name, "binary file"),
        Ok(_) => {}
    }
    Box::new(JsonLines::new(name, reader, format))
}

/// JSON Lines, one article per line, read lazily.
struct JsonLines<R> {
    reader: R,
    src: Source,
    line: usize,
    buf: Vec<u8>,
    done: bool,
    /// Warnings of the whole input (decoding), copied to each document.
    warnings: Vec<String>,
}

impl<R: BufRead> JsonLines<R> {
    fn new(name: &str, reader: R, format: &'static str) -> JsonLines<R> {
        JsonLines {
            reader,
            src: Source {
                path: name.to_string(),
                file: file_name(name),
                format,
            },
            line: 0,
            buf: Vec::new(),
            done: false,
            warnings: Vec::new(),
        }
    }

    fn err(&self, reason: String) -> Option<Result<Document, InputError>> {
        Some(Err(InputError::new(&self.src.path, reason)))
    }

    /// Skips the rest of an over-long line.
    fn skip_line(&mut self) -> std::io::Result<()> {
        loop {
            let chunk = self.reader.fill_buf()?;
            if chunk.is_empty() {
                return Ok(());
            }
            if let Some(i) = memchr::memchr(b'\n', chunk) {
                self.reader.consume(i + 1);
                return Ok(());
            }
            let n = chunk.len();
            self.reader.consume(n);
        }
    }
}

impl<R: BufRead> Iterator for JsonLines<R> {
    type Item = Result<Document, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if self.done {
                return None;
            }
            self.buf.clear();
            let n = match (&mut self.reader)
                .take(MAX_LINE_BYTES)
                .read_until(b'\n', &mut self.buf)
            {
                Ok(n) => n,
                Err(e) => {
                    self.done = true;
                    return self.err(format!("line {}: {}", self.line + 1, io_reason(&e)));
                }
            };
            if n == 0 {
                self.done = true;
                return None;
            }
            self.line += 1;
            let line_no = self.line;
            if n as u64 == MAX_LINE_BYTES && !self.buf.ends_with(b"\n") {
                if let Err(e) = self.skip_line() {
                    self.done = true;
                    return self.err(format!("line {line_no}: {}", io_reason(&e)));
                }
                return self.err(format!(
                    "line {line_no}: longer than {} MiB",
                    MAX_LINE_BYTES >> 20
                ));
            }
            let line = self.buf.trim_ascii();
            if line.is_empty() {
                continue;
            }
            if memchr::memchr(0, line).is_some() {
                return self.err(format!("line {line_no}: binary data"));
            }
            let mut warnings = self.warnings.clone();
            let text = match std::str::from_utf8(line) {
                Ok(s) => std::borrow::Cow::Borrowed(s),
                Err(_) => {
                    warnings.push("invalid UTF-8 decoded lossily".to_string());
                    String::from_utf8_lossy(line)
                }
            };
            let v: Value = match serde_json::from_str(&text) {
                Ok(v) => v,
                Err(e) => return self.err(format!("line {line_no}: invalid JSON ({e})")),
            };
            let label = format!("line {line_no}: ");
            let r = json_article(&self.src, &v, Some(line_no), &label, warnings);
            return Some(r.map_err(|reason| InputError::new(&self.src.path, reason)));
        }
    }
}

// ------------------------------------------------------------------ feeds

fn read_feed(src: Source, text: &str, warnings: Vec<String>) -> Docs {
    let f = match feed::parse(text) {
        Ok(f) => f,
        Err(reason) => return fail(&src.path, reason),
    };
    let src = Source {
        format: f.kind.name(),
        ..src
    };
    let mut out: Vec<Result<Document, InputError>> = Vec::with_capacity(f.items.len() + 1);
    for (i, it) in f.items.into_iter().enumerate() {
        let n = i + 1;
        let fmt = src.format;
        let how = |k: &str| format!("{fmt}:{k}");
        let mut meta = Metadata::default();
        let mut w = warnings.clone();
        let some = |v: &str, k: &str| {
            (!v.is_empty()).then(|| demarche_core::Found::new(v.to_string(), how(k)))
        };
        meta.title = some(&it.title, "title");
        meta.url = some(&it.link, "link");
        meta.byline = some(&it.author, "author");
        meta.outlet = f.outlet.as_deref().and_then(|o| some(o, "channel-title"));
        let (raw_date, date_how) = if it.published.is_empty() {
            (it.updated.as_str(), format!("{fmt}:updated"))
        } else {
            (it.published.as_str(), it.published_how.to_string())
        };
        if !raw_date.is_empty() {
            match date::normalize(raw_date) {
                Some(d) => meta.published = Some(demarche_core::Found::new(d, date_how)),
                None => w.push(format!("unrecognised date {raw_date:?}")),
            }
        }
        let (body_text, body) = if !it.content.is_empty() {
            let b = if it.content_is_text || !looks_html(&it.content) {
                Body::Text
            } else {
                Body::Html
            };
            (it.content.as_str(), b)
        } else {
            let b = if looks_html(&it.summary) || it.summary.contains('&') {
                Body::Html
            } else {
                Body::Text
            };
            (it.summary.as_str(), b)
        };
        let id = if it.id.is_empty() {
            format!("{}#{n}", src.file)
        } else {
            it.id.clone()
        };
        let r = build(&src, id, Some(n), body_text, body, meta, w)
            .map_err(|r| InputError::new(&src.path, format!("item {n}: {r}")));
        out.push(r);
    }
    if let Some(e) = f.error {
        out.push(Err(InputError::new(&src.path, e)));
    }
    Box::new(out.into_iter())
}
