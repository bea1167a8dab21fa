//! HTML → text with html5gum: drops scripts, styles, navigation and other
//! page chrome, turns block elements into paragraph breaks, keeps inline text
//! with single spaces, and reads metadata from `<title>`, `<meta>`, `<link
//! rel=canonical>`, `<time datetime>` and JSON-LD. Malformed markup is read
//! best effort (the tokenizer recovers from every error).

use crate::clean::Hint;
use crate::date;
use crate::lexicon::lexicon;
use demarche_core::{Found, Metadata, ZoneKind};
use html5gum::{DefaultEmitter, Token, Tokenizer};
use serde_json::Value;

/// Text extracted from HTML, with metadata and zone hints (offsets into `text`).
#[derive(Debug, Default)]
pub(crate) struct HtmlText {
    pub text: String,
    pub meta: Metadata,
    pub hints: Vec<Hint>,
}

/// Elements whose whole content is dropped.
const DROP_TAGS: [&str; 19] = [
    "script", "style", "nav", "aside", "form", "noscript", "svg", "iframe", "template", "button",
    "select", "menu", "dialog", "object", "canvas", "video", "audio", "math", "textarea",
];

/// Elements that end a paragraph.
const BLOCK_TAGS: [&str; 38] = [
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "br",
    "tr",
    "blockquote",
    "figure",
    "figcaption",
    "section",
    "article",
    "ul",
    "ol",
    "table",
    "dl",
    "dt",
    "dd",
    "pre",
    "hr",
    "address",
    "main",
    "header",
    "footer",
    "caption",
    "summary",
    "details",
    "body",
    "html",
    "td",
    "th",
    "title",
    "center",
    "hgroup",
];

const VOID_TAGS: [&str; 14] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Candidate metadata value with a rank (lower wins).
#[derive(Default)]
struct Slot(Option<(u8, Found<String>)>);

impl Slot {
    fn offer(&mut self, rank: u8, value: &str, how: &str) {
        let v = value.split_whitespace().collect::<Vec<_>>().join(" ");
        if v.is_empty() {
            return;
        }
        if self.0.as_ref().is_none_or(|(r, _)| rank < *r) {
            self.0 = Some((rank, Found::new(v, how)));
        }
    }
    fn take(self) -> Option<Found<String>> {
        self.0.map(|(_, f)| f)
    }
}

#[derive(Default)]
struct Slots {
    title: Slot,
    published: Slot,
    outlet: Slot,
    byline: Slot,
    url: Slot,
}

impl Slots {
    fn offer_date(&mut self, rank: u8, value: &str, how: &str) {
        if let Some(d) = date::normalize(value) {
            self.published.offer(rank, &d, how);
        }
    }
}

fn s(b: &[u8]) -> &str {
    std::str::from_utf8(b).unwrap_or("")
}

/// A drop or hint region: the element name and how many of it are open inside.
struct Region {
    name: Vec<u8>,
    depth: usize,
}

/// Extracts text and metadata from an HTML document or fragment.
pub(crate) fn extract(html: &str) -> HtmlText {
    let lex = lexicon();
    let mut emitter = DefaultEmitter::default();
    emitter.switch_states(true);
    let mut out = String::with_capacity(html.len() / 2);
    let mut slots = Slots::default();
    let mut hints: Vec<Hint> = Vec::new();
    let mut drop: Option<Region> = None;
    let mut hint: Option<(Region, ZoneKind, usize)> = None;
    let mut in_title = false;
    let mut title_buf = String::new();
    let mut jsonld: Option<String> = None;
    let mut in_script = false;
    let mut container_depth = 0usize; // open <article>/<main>
    let mut seen_h1 = false;
    let mut pre_depth = 0usize;

    let tokens = Tokenizer::new_with_emitter(html, emitter).infallible();
    for tok in tokens {
        match tok {
            Token::StartTag(tag) => {
                let name: &[u8] = &tag.name;
                let void = tag.self_closing || VOID_TAGS.contains(&s(name));
                if let Some(r) = drop.as_mut() {
                    if r.name == name && !void {
                        r.depth += 1;
                    }
                    continue;
                }
                let attr = |k: &str| tag.attributes.get(k.as_bytes()).map(|v| s(v).trim());
                match name {
                    b"meta" => {
                        let key = attr("property")
                            .or_else(|| attr("name"))
                            .or_else(|| attr("itemprop"));
                        if let (Some(k), Some(v)) = (key, attr("content")) {
                            meta_tag(&mut slots, &k.to_ascii_lowercase(), v);
                        }
                        continue;
                    }
                    b"link" => {
                        if attr("rel").is_some_and(|r| r.eq_ignore_ascii_case("canonical")) {
                            if let Some(h) = attr("href") {
                                slots.url.offer(2, h, "html:link[canonical]");
                            }
                        }
                        continue;
                    }
                    b"title" => {
                        in_title = true;
                        continue;
                    }
                    b"script" => {
                        if attr("type")
                            .is_some_and(|t| t.eq_ignore_ascii_case("application/ld+json"))
                        {
                            jsonld = Some(String::new());
                        }
                        in_script = true;
                        continue;
                    }
                    b"time" => {
                        if let Some(dt) = attr("datetime") {
                            let rank = if container_depth > 0 { 8 } else { 9 };
                            slots.offer_date(rank, dt, "html:time[datetime]");
                        }
                    }
                    b"article" | b"main" => container_depth += 1,
                    b"pre" => pre_depth += 1,
                    _ => {}
                }
                let structural = matches!(name, b"html" | b"body" | b"main" | b"article");
                let class = [attr("class"), attr("id"), attr("role")]
                    .iter()
                    .flatten()
                    .map(|v| v.to_ascii_lowercase())
                    .collect::<Vec<_>>()
                    .join(" ");
                let dropped_tag = DROP_TAGS.contains(&s(name))
                    || ((name == b"header" || name == b"footer") && container_depth == 0);
                let dropped_class = !structural
                    && !class.is_empty()
                    && lex.drop_classes.iter().any(|c| class.contains(c.as_str()));
                if (dropped_tag || dropped_class) && !void {
                    drop = Some(Region {
                        name: name.to_vec(),
                        depth: 1,
                    });
                    continue;
                }
                if BLOCK_TAGS.contains(&s(name)) {
                    para_break(&mut out);
                }
                if name == b"br" {
                    continue;
                }
                if hint.is_none() && !void && !structural {
                    let kind = if name == b"h1" && !seen_h1 {
                        seen_h1 = true;
                        Some(ZoneKind::Title)
                    } else if name == b"figcaption"
                        || lex
                            .caption_classes
                            .iter()
                            .any(|c| class.contains(c.as_str()))
                    {
                        Some(ZoneKind::Caption)
                    } else if lex.meta_classes.iter().any(|c| class.contains(c.as_str())) {
                        Some(ZoneKind::Meta)
                    } else {
                        None
                    };
                    if let Some(k) = kind {
                        hint = Some((
                            Region {
                                name: name.to_vec(),
                                depth: 1,
                            },
                            k,
                            out.len(),
                        ));
                    }
                } else if let Some((r, _, _)) = hint.as_mut() {
                    if r.name == name && !void {
                        r.depth += 1;
                    }
                }
            }
            Token::EndTag(tag) => {
                let name: &[u8] = &tag.name;
                if let Some(r) = drop.as_mut() {
                    if r.name == name {
                        r.depth -= 1;
                        if r.depth == 0 {
                            drop = None;
                        }
                    }
                    if name == b"script" {
                        in_script = false;
                        if let Some(j) = jsonld.take() {
                            json_ld(&mut slots, &j);
                        }
                    }
                    continue;
                }
                match name {
                    b"title" => in_title = false,
                    b"script" => {
                        in_script = false;
                        if let Some(j) = jsonld.take() {
                            json_ld(&mut slots, &j);
                        }
                    }
                    b"article" | b"main" => container_depth = container_depth.saturating_sub(1),
                    b"pre" => pre_depth = pre_depth.saturating_sub(1),
                    _ => {}
                }
                if BLOCK_TAGS.contains(&s(name)) {
                    para_break(&mut out);
                }
                let close = match hint.as_mut() {
                    Some((r, _, _)) if r.name == name => {
                        r.depth -= 1;
                        r.depth == 0
                    }
                    _ => false,
                };
                if close {
                    if let Some((_, kind, start)) = hint.take() {
                        if out.len() > start {
                            hints.push(Hint {
                                range: start..out.len(),
                                kind,
                            });
                        }
                    }
                }
            }
            Token::String(text) => {
                let t = s(&text);
                if in_script {
                    if let Some(j) = jsonld.as_mut() {
                        j.push_str(t);
                    }
                    continue;
                }
                if in_title {
                    title_buf.push_str(t);
                    continue;
                }
                if drop.is_some() {
                    continue;
                }
                push_text(&mut out, t, pre_depth > 0);
            }
            Token::Comment(_) | Token::Doctype(_) | Token::Error(_) => {}
        }
    }
    if let Some((_, kind, start)) = hint.take() {
        if out.len() > start {
            hints.push(Hint {
                range: start..out.len(),
                kind,
            });
        }
    }
    let title = title_buf.split_whitespace().collect::<Vec<_>>().join(" ");
    if !title.is_empty() {
        let site = slots.outlet.0.as_ref().map(|(_, f)| f.value.clone());
        slots
            .title
            .offer(5, strip_site(&title, site.as_deref()), "html:title");
    }
    HtmlText {
        text: out,
        meta: Metadata {
            title: slots.title.take(),
            published: slots.published.take(),
            outlet: slots.outlet.take(),
            byline: slots.byline.take(),
            url: slots.url.take(),
            dateline: None,
        },
        hints,
    }
}

/// "Headline | Site" → "Headline" when the suffix is the site name.
fn strip_site<'a>(title: &'a str, site: Option<&str>) -> &'a str {
    if let Some(site) = site {
        for sep in [" | ", " - ", " – ", " — ", " :: "] {
            if let Some(i) = title.rfind(sep) {
                if title[i + sep.len()..]
                    .trim()
                    .eq_ignore_ascii_case(site.trim())
                {
                    return title[..i].trim();
                }
            }
        }
    }
    title
}

fn meta_tag(slots: &mut Slots, key: &str, v: &str) {
    match key {
        "og:title" => slots.title.offer(1, v, "html:meta[og:title]"),
        "twitter:title" => slots.title.offer(3, v, "html:meta[twitter:title]"),
        "headline" => slots.title.offer(2, v, "html:meta[headline]"),
        "og:site_name" => slots.outlet.offer(1, v, "html:meta[og:site_name]"),
        "application-name" => slots.outlet.offer(4, v, "html:meta[application-name]"),
        "article:published_time" => slots.offer_date(1, v, "html:meta[article:published_time]"),
        "og:published_time" => slots.offer_date(2, v, "html:meta[og:published_time]"),
        "datepublished" => slots.offer_date(3, v, "html:meta[datePublished]"),
        "date" | "pubdate" | "publish-date" | "publish_date" | "dc.date" | "dc.date.issued"
        | "dcterms.date" | "sailthru.date" | "parsely-pub-date" | "article.published"
        | "publication_date" => slots.offer_date(4, v, &format!("html:meta[{key}]")),
        "article:modified_time" | "og:updated_time" => {
            slots.offer_date(7, v, &format!("html:meta[{key}]"))
        }
        "author" | "byl" | "dc.creator" | "sailthru.author" | "parsely-author" => {
            let v = v.strip_prefix("By ").unwrap_or(v);
            slots.byline.offer(1, v, &format!("html:meta[{key}]"))
        }
        "article:author" if !v.contains("://") => {
            slots.byline.offer(2, v, "html:meta[article:author]")
        }
        "og:url" => slots.url.offer(1, v, "html:meta[og:url]"),
        _ => {}
    }
}

fn name_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => o.get("name").and_then(Value::as_str).map(str::to_string),
        Value::Array(a) => {
            let names: Vec<String> = a.iter().filter_map(name_of).collect();
            (!names.is_empty()).then(|| names.join(", "))
        }
        _ => None,
    }
}

fn is_article(o: &serde_json::Map<String, Value>) -> bool {
    let t = |s: &str| s.contains("Article") || s.contains("BlogPosting") || s.contains("Report");
    match o.get("@type") {
        Some(Value::String(s)) => t(s),
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).any(t),
        _ => o.contains_key("headline"),
    }
}

fn json_ld(slots: &mut Slots, src: &str) {
    let Ok(v) = serde_json::from_str::<Value>(src.trim()) else {
        return;
    };
    let mut stack = vec![&v];
    while let Some(v) = stack.pop() {
        match v {
            Value::Array(a) => stack.extend(a.iter()),
            Value::Object(o) => {
                if let Some(g) = o.get("@graph") {
                    stack.push(g);
                }
                if !is_article(o) {
                    continue;
                }
                if let Some(h) = o.get("headline").and_then(Value::as_str) {
                    slots.title.offer(2, h, "jsonld:headline");
                }
                if let Some(d) = o.get("datePublished").and_then(Value::as_str) {
                    slots.offer_date(3, d, "jsonld:datePublished");
                }
                if let Some(a) = o.get("author").and_then(name_of) {
                    slots.byline.offer(3, &a, "jsonld:author");
                }
                if let Some(p) = o.get("publisher").and_then(name_of) {
                    slots.outlet.offer(2, &p, "jsonld:publisher.name");
                }
                if let Some(u) = o.get("url").and_then(Value::as_str) {
                    slots.url.offer(3, u, "jsonld:url");
                }
            }
            _ => {}
        }
    }
}

fn para_break(out: &mut String) {
    let trimmed = out.trim_end_matches(' ').len();
    out.truncate(trimmed);
    if out.is_empty() || out.ends_with("\n\n") {
        return;
    }
    if out.ends_with('\n') {
        out.push('\n');
    } else {
        out.push_str("\n\n");
    }
}

/// Appends text with whitespace runs collapsed to one space (newlines kept in `<pre>`).
fn push_text(out: &mut String, t: &str, pre: bool) {
    let mut space = out.is_empty() || out.ends_with([' ', '\n']);
    for c in t.chars() {
        if pre && c == '\n' {
            out.push('\n');
            space = true;
        } else if c.is_whitespace() {
            // NBSP included: it separates words like a space
            if !space {
                out.push(' ');
                space = true;
            }
        } else {
            out.push(c);
            space = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_chrome_and_breaks_blocks() {
        let h = r#"<html><head><title>Port talks stall | Harbour Daily</title>
<meta property="og:site_name" content="Harbour Daily">
<meta property="article:published_time" content="2025-11-02T08:15:00+01:00">
<script>var x = "<p>not text</p>";</script><style>p { color: red }</style></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<header><div class="logo">Harbour Daily</div></header>
<article><h1>Port talks stall</h1>
<p class="byline">By Mara Lind</p>
<p>Dock workers &amp; owners met on   Monday.<br>No deal was reached.</p>
<figure><img src="a.jpg"><figcaption>Cranes idle at the quay. (Photo by Ola Berg)</figcaption></figure>
<div class="share-tools">Share on X</div>
<p>Talks resume <em>next</em> week.</p></article>
<footer>Copyright</footer></body></html>"#;
        let x = extract(h);
        assert_eq!(
            x.text.trim(),
            "Port talks stall\n\nBy Mara Lind\n\nDock workers & owners met on Monday.\n\nNo deal was reached.\n\nCranes idle at the quay. (Photo by Ola Berg)\n\nTalks resume next week."
        );
        assert_eq!(
            x.meta.title.as_ref().map(|f| f.value.as_str()),
            Some("Port talks stall")
        );
        assert_eq!(
            x.meta.title.as_ref().map(|f| f.how.as_str()),
            Some("html:title")
        );
        assert_eq!(
            x.meta.outlet.map(|f| f.value),
            Some("Harbour Daily".to_string())
        );
        assert_eq!(
            x.meta.published.map(|f| f.value),
            Some("2025-11-02T08:15:00+01:00".to_string())
        );
        let kinds: Vec<ZoneKind> = x.hints.iter().map(|h| h.kind).collect();
        assert_eq!(
            kinds,
            vec![ZoneKind::Title, ZoneKind::Meta, ZoneKind::Caption]
        );
        assert_eq!(
            &x.text[x.hints[0].range.clone()].trim(),
            &"Port talks stall"
        );
    }

    #[test]
    fn reads_json_ld() {
        let h = r#"<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"x"},
{"@type":"NewsArticle","headline":"Grain corridor reopens","datePublished":"2025-07-14","author":[{"@type":"Person","name":"Ana Ruiz"}],"publisher":{"@type":"Organization","name":"Coast Wire"}}]}</script>
<p>The corridor reopened.</p>"#;
        let x = extract(h);
        assert_eq!(x.text.trim(), "The corridor reopened.");
        let m = x.meta;
        assert_eq!(
            m.title.map(|f| (f.value, f.how)),
            Some(("Grain corridor reopens".into(), "jsonld:headline".into()))
        );
        assert_eq!(m.published.map(|f| f.value), Some("2025-07-14".into()));
        assert_eq!(m.byline.map(|f| f.value), Some("Ana Ruiz".into()));
        assert_eq!(
            m.outlet.map(|f| f.how),
            Some("jsonld:publisher.name".into())
        );
    }

    #[test]
    fn malformed_html_is_best_effort() {
        let x = extract("<p>Unclosed <b>bold <div>text & more</p></span><p>Last");
        assert!(x.text.contains("Unclosed bold"));
        assert!(x.text.contains("text & more"));
        assert!(x.text.trim_end().ends_with("Last"));
    }
}
