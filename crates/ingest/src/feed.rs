//! RSS 2.0 / RSS 1.0 (RDF) and Atom feeds with quick-xml: each `item` /
//! `entry` becomes an [`Item`]. A malformed feed keeps the items parsed before
//! the error and reports the error.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// Which feed dialect the root element names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FeedKind {
    Rss,
    Atom,
}

impl FeedKind {
    pub fn name(self) -> &'static str {
        match self {
            FeedKind::Rss => "rss",
            FeedKind::Atom => "atom",
        }
    }
}

/// One feed item, fields as written (dates not yet normalised).
#[derive(Debug, Default, Clone)]
pub(crate) struct Item {
    pub title: String,
    pub link: String,
    pub id: String,
    pub published: String,
    /// Where `published` came from ("rss:pubDate", "atom:updated", …).
    pub published_how: &'static str,
    pub updated: String,
    pub author: String,
    /// `content:encoded` / Atom `content`: HTML (or text).
    pub content: String,
    /// Atom `content type="xhtml"`: already text with paragraph breaks.
    pub content_is_text: bool,
    /// `description` / `summary`.
    pub summary: String,
}

/// A parsed feed: its items and the error that stopped parsing, if any.
#[derive(Debug)]
pub(crate) struct Feed {
    pub kind: FeedKind,
    pub outlet: Option<String>,
    pub items: Vec<Item>,
    pub error: Option<String>,
}

const XHTML_BLOCKS: [&[u8]; 12] = [
    b"p",
    b"div",
    b"br",
    b"li",
    b"h1",
    b"h2",
    b"h3",
    b"h4",
    b"blockquote",
    b"tr",
    b"figure",
    b"figcaption",
];

fn root_kind(e: &BytesStart<'_>) -> Option<FeedKind> {
    match e.local_name().as_ref() {
        b"rss" | b"RDF" | b"rdf" => Some(FeedKind::Rss),
        b"feed" => Some(FeedKind::Atom),
        _ => None,
    }
}

fn attr(e: &BytesStart<'_>, key: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

/// The element being captured inside an item.
struct Field {
    qname: Vec<u8>,
    buf: String,
    /// Atom xhtml content: nested markup turns into paragraph breaks.
    xhtml: bool,
    /// Depth of a nested element whose text is skipped (author/email, author/uri).
    skip_depth: Option<usize>,
}

/// Parses a whole feed document.
pub(crate) fn parse(xml: &str) -> Result<Feed, String> {
    let mut r = Reader::from_str(xml);
    let mut stack: Vec<Vec<u8>> = Vec::new();
    let mut kind = None;
    let mut outlet: Option<String> = None;
    let mut outlet_buf: Option<String> = None;
    let mut items = Vec::new();
    let mut item: Option<(Item, usize)> = None;
    let mut field: Option<Field> = None;
    let mut error = None;
    loop {
        let ev = match r.read_event() {
            Ok(ev) => ev,
            Err(e) => {
                error = Some(format!("malformed XML at byte {}: {e}", r.error_position()));
                break;
            }
        };
        match ev {
            Event::Start(e) => {
                let local = e.local_name().as_ref().to_vec();
                if stack.is_empty() {
                    kind = root_kind(&e);
                    if kind.is_none() {
                        return Err(format!(
                            "not an RSS or Atom feed (root element <{}>)",
                            String::from_utf8_lossy(e.name().as_ref())
                        ));
                    }
                }
                let depth = stack.len();
                if let Some(f) = field.as_mut() {
                    if f.xhtml && XHTML_BLOCKS.contains(&local.as_slice()) {
                        para(&mut f.buf);
                    }
                    if f.qname == b"author" && local != b"name" && f.skip_depth.is_none() {
                        f.skip_depth = Some(depth);
                    }
                } else if item.is_none() && (local == b"item" || local == b"entry") {
                    item = Some((Item::default(), depth));
                } else if let Some((it, d)) = item.as_mut() {
                    if depth == *d + 1 {
                        let qname = e.name().as_ref().to_vec();
                        let xhtml =
                            local == b"content" && attr(&e, b"type").as_deref() == Some("xhtml");
                        if local == b"link" {
                            take_link(it, &e);
                        }
                        field = Some(Field {
                            qname,
                            buf: String::new(),
                            xhtml,
                            skip_depth: None,
                        });
                    }
                } else if local == b"title" && outlet.is_none() && depth <= 2 {
                    outlet_buf = Some(String::new());
                }
                stack.push(local);
            }
            Event::Empty(e) => {
                let local = e.local_name();
                if let Some(f) = field.as_mut() {
                    if f.xhtml && XHTML_BLOCKS.contains(&local.as_ref()) {
                        para(&mut f.buf);
                    }
                } else if let Some((it, d)) = item.as_mut() {
                    if stack.len() == *d + 1 && local.as_ref() == b"link" {
                        take_link(it, &e);
                    }
                }
            }
            Event::Text(t) => {
                let s = match t.unescape() {
                    Ok(s) => s.into_owned(),
                    // HTML entities (&nbsp;) are not XML: keep the raw text for the HTML reader
                    Err(_) => String::from_utf8_lossy(&t).into_owned(),
                };
                if let Some(f) = field.as_mut() {
                    if f.skip_depth.is_none() {
                        f.buf.push_str(&s);
                    }
                } else if let Some(b) = outlet_buf.as_mut() {
                    b.push_str(&s);
                }
            }
            Event::CData(c) => {
                let s = String::from_utf8_lossy(&c.into_inner()).into_owned();
                if let Some(f) = field.as_mut() {
                    if f.skip_depth.is_none() {
                        f.buf.push_str(&s);
                    }
                } else if let Some(b) = outlet_buf.as_mut() {
                    b.push_str(&s);
                }
            }
            Event::End(e) => {
                stack.pop();
                let depth = stack.len();
                let local = e.local_name();
                if let Some(f) = field.as_mut() {
                    if f.skip_depth == Some(depth) {
                        f.skip_depth = None;
                    }
                    if f.xhtml && XHTML_BLOCKS.contains(&local.as_ref()) {
                        para(&mut f.buf);
                    }
                }
                let mut finished = false;
                if let Some((it, d)) = item.as_mut() {
                    if depth == *d + 1 {
                        if let Some(f) = field.take() {
                            store(it, f);
                        }
                    } else if depth == *d {
                        finished = true;
                    }
                } else if let Some(b) = outlet_buf.take() {
                    let b = b.split_whitespace().collect::<Vec<_>>().join(" ");
                    if !b.is_empty() {
                        outlet = Some(b);
                    }
                }
                if finished {
                    if let Some((it, _)) = item.take() {
                        items.push(it);
                    }
                }
            }
            Event::Eof => {
                if let Some(open) = stack.last() {
                    error = Some(format!(
                        "malformed XML: unexpected end of file inside <{}>",
                        String::from_utf8_lossy(open)
                    ));
                }
                break;
            }
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    match kind {
        Some(kind) => Ok(Feed {
            kind,
            outlet,
            items,
            error,
        }),
        None => Err(error.unwrap_or_else(|| "not an RSS or Atom feed (no root element)".into())),
    }
}

fn para(buf: &mut String) {
    let t = buf.trim_end_matches([' ', '\n', '\t']).len();
    buf.truncate(t);
    if !buf.is_empty() {
        buf.push_str("\n\n");
    }
}

/// Atom `<link href rel>`: the alternate (or unlabelled) link is the article URL.
fn take_link(it: &mut Item, e: &BytesStart<'_>) {
    let rel = attr(e, b"rel");
    if let Some(href) = attr(e, b"href") {
        if (rel.is_none() || rel.as_deref() == Some("alternate")) && it.link.is_empty() {
            it.link = href;
        }
    }
}

/// "jane@example.org (Jane Doe)" → "Jane Doe".
fn author_name(s: &str) -> String {
    let s = s.trim();
    if s.contains('@') {
        if let (Some(a), Some(b)) = (s.find('('), s.rfind(')')) {
            if a < b {
                return s[a + 1..b].trim().to_string();
            }
        }
    }
    s.to_string()
}

fn store(it: &mut Item, f: Field) {
    let v = f.buf;
    let trimmed = v.trim();
    if trimmed.is_empty() {
        return;
    }
    let set = |slot: &mut String| {
        if slot.is_empty() {
            *slot = trimmed.to_string();
        }
    };
    match f.qname.as_slice() {
        b"title" => set(&mut it.title),
        b"link" => set(&mut it.link),
        b"guid" | b"id" => set(&mut it.id),
        b"pubDate" | b"published" | b"dc:date" | b"issued" if it.published.is_empty() => {
            it.published = trimmed.to_string();
            it.published_how = match f.qname.as_slice() {
                b"pubDate" => "rss:pubDate",
                b"published" => "atom:published",
                b"dc:date" => "rss:dc:date",
                _ => "atom:issued",
            };
        }
        b"updated" | b"modified" => set(&mut it.updated),
        b"author" | b"dc:creator" | b"creator" if it.author.is_empty() => {
            it.author = author_name(trimmed)
        }
        b"content:encoded" | b"content"
            if it.content.is_empty() || f.qname == b"content:encoded" =>
        {
            it.content = trimmed.to_string();
            it.content_is_text = f.xhtml;
        }
        b"description" | b"summary" => set(&mut it.summary),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_rss_items() {
        let x = r#"<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Valley Courier</title>
<item><title>Dam inspection finds cracks</title><link>https://courier.example/dam</link>
<guid>dam-2025-04</guid><pubDate>Tue, 08 Apr 2025 09:00:00 +0200</pubDate>
<dc:creator>Ivo Petrak</dc:creator><description>Short</description>
<content:encoded><![CDATA[<p>Engineers found cracks.</p><p>Repairs start in May.</p>]]></content:encoded></item>
<item><title>Second</title><description>&lt;p&gt;Only a summary &amp;amp; more.&lt;/p&gt;</description></item>
</channel></rss>"#;
        let f = parse(x).expect("feed");
        assert_eq!(f.kind, FeedKind::Rss);
        assert_eq!(f.outlet.as_deref(), Some("Valley Courier"));
        assert_eq!(f.items.len(), 2);
        let a = &f.items[0];
        assert_eq!(a.id, "dam-2025-04");
        assert_eq!(a.author, "Ivo Petrak");
        assert_eq!(
            a.content,
            "<p>Engineers found cracks.</p><p>Repairs start in May.</p>"
        );
        assert_eq!(f.items[1].summary, "<p>Only a summary &amp; more.</p>");
        assert!(f.error.is_none());
    }

    #[test]
    fn keeps_items_before_an_error() {
        let x = "<rss><channel><item><title>One</title><description>First story text.</description></item><item><title>Two</wrong></item></channel></rss>";
        let f = parse(x).expect("feed");
        assert_eq!(f.items.len(), 1);
        assert!(
            f.error
                .as_deref()
                .is_some_and(|e| e.contains("malformed XML")),
            "{:?}",
            f.error
        );
    }

    #[test]
    fn atom_xhtml_and_links() {
        let x = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>Field Notes</title>
<entry><title>Snow closes pass</title><id>urn:x:1</id><updated>2025-02-01T10:00:00Z</updated>
<link rel="self" href="https://n.example/self"/><link href="https://n.example/pass"/>
<author><name>Lea Horn</name><email>lea@n.example</email></author>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>The pass closed.</p><p>Crews wait.</p></div></content></entry></feed>"#;
        let f = parse(x).expect("feed");
        assert_eq!(f.kind, FeedKind::Atom);
        let e = &f.items[0];
        assert_eq!(e.link, "https://n.example/pass");
        assert_eq!(e.author, "Lea Horn");
        assert!(e.content_is_text);
        assert_eq!(e.content, "The pass closed.\n\nCrews wait.");
        assert_eq!(e.updated, "2025-02-01T10:00:00Z");
        assert!(parse("<html><body/></html>").is_err());
    }
}
