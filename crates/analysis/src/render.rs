//! Rendering a brief model as Markdown or as a standalone HTML page. Every
//! piece of article text passes through an escaper here.

use crate::Model;
use std::fmt::Write;

/// A piece of a line.
pub(crate) enum Seg {
    /// Text the brief writes itself (dates, separators).
    Plain(String),
    /// Article text.
    Text(String),
    /// Article text shown in quotation marks (direct speech).
    Quoted(String),
    /// A name, emphasized.
    Strong(String),
    /// A citation to endnote `n`.
    Cite(usize),
}

/// One line of a list.
pub(crate) type Line = Vec<Seg>;

/// Escapes Markdown syntax (and raw HTML) in article text.
fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// Escapes HTML special characters.
fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn md_line(line: &Line) -> String {
    let mut s = String::new();
    for seg in line {
        match seg {
            Seg::Plain(t) | Seg::Text(t) => s.push_str(&md_escape(t)),
            Seg::Quoted(t) => {
                let _ = write!(s, "“{}”", md_escape(t));
            }
            Seg::Strong(t) => {
                let _ = write!(s, "**{}**", md_escape(t));
            }
            Seg::Cite(n) => {
                let _ = write!(s, " \\[{n}\\]");
            }
        }
    }
    s
}

/// The brief as Markdown.
pub(crate) fn markdown(m: &Model) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# {}\n\n{}\n\n## Sources\n",
        md_escape(&m.title),
        md_escape(&m.covers)
    );
    if m.sources.is_empty() {
        s.push_str("_None._\n");
    }
    for (i, d) in m.sources.iter().enumerate() {
        let outlet = if d.outlet.is_empty() {
            String::new()
        } else {
            format!(" — {}", md_escape(&d.outlet))
        };
        let _ = writeln!(
            s,
            "{}. *{}*{outlet}, {}, {} words",
            i + 1,
            md_escape(&d.title),
            d.date,
            d.words
        );
    }
    for sec in &m.sections {
        while s.ends_with("\n\n") {
            s.pop();
        }
        let _ = writeln!(s, "\n## {}\n", sec.title);
        if sec.groups.iter().all(|(_, g)| g.is_empty()) {
            s.push_str("_None._\n");
            continue;
        }
        for (head, lines) in &sec.groups {
            if !head.is_empty() {
                let _ = writeln!(s, "### {}\n", md_escape(head));
            }
            for l in lines {
                let _ = writeln!(s, "- {}", md_line(l));
            }
            if !head.is_empty() {
                s.push('\n');
            }
        }
    }
    while s.ends_with("\n\n") {
        s.pop();
    }
    s.push_str("\n## Notes\n\n");
    if m.notes.is_empty() {
        s.push_str("_None._\n");
    }
    for (i, n) in m.notes.iter().enumerate() {
        let outlet = if n.outlet.is_empty() {
            String::new()
        } else {
            format!(", {}", md_escape(&n.outlet))
        };
        let _ = writeln!(
            s,
            "\\[{}\\] *{}*{outlet}, {}: “{}”  ",
            i + 1,
            md_escape(&n.title),
            n.date,
            md_escape(&n.sentence)
        );
    }
    s
}

fn html_line(line: &Line) -> String {
    let mut s = String::new();
    for seg in line {
        match seg {
            Seg::Plain(t) | Seg::Text(t) => s.push_str(&html_escape(t)),
            Seg::Quoted(t) => {
                let _ = write!(s, "<q>{}</q>", html_escape(t));
            }
            Seg::Strong(t) => {
                let _ = write!(s, "<strong>{}</strong>", html_escape(t));
            }
            Seg::Cite(n) => {
                let _ = write!(s, " <a class=\"cite\" href=\"#note-{n}\">[{n}]</a>");
            }
        }
    }
    s
}

const CSS: &str = "body{font-family:Georgia,'Times New Roman',serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.55;color:#222;background:#fff}
h1,h2,h3{font-family:system-ui,sans-serif;line-height:1.25}h1{font-size:1.7rem}h2{font-size:1.3rem;border-bottom:1px solid #ddd;padding-bottom:.2rem;margin-top:2rem}h3{font-size:1.05rem}
table{border-collapse:collapse;width:100%;font-size:.95rem}th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #eee;vertical-align:top}
li{margin:.3rem 0}a.cite{text-decoration:none;font-size:.8em;vertical-align:super}q{font-style:italic}
.covers{color:#555}.none{color:#777;font-style:italic}ol.notes li:target{background:#fff6d0}";

/// The brief as a standalone HTML page.
pub(crate) fn html(m: &Model) -> String {
    let mut s = String::new();
    let title = html_escape(&m.title);
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n<style>\n{CSS}\n</style>\n</head>\n<body>\n<h1>{title}</h1>\n<p class=\"covers\">{}</p>\n<h2>Sources</h2>\n",
        html_escape(&m.covers)
    );
    if m.sources.is_empty() {
        s.push_str("<p class=\"none\">None.</p>\n");
    } else {
        s.push_str("<table>\n<thead><tr><th>#</th><th>Title</th><th>Outlet</th><th>Date</th><th>Words</th></tr></thead>\n<tbody>\n");
        for (i, d) in m.sources.iter().enumerate() {
            let _ = writeln!(
                s,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                i + 1,
                html_escape(&d.title),
                html_escape(&d.outlet),
                html_escape(&d.date),
                d.words
            );
        }
        s.push_str("</tbody>\n</table>\n");
    }
    for sec in &m.sections {
        let _ = writeln!(s, "<h2>{}</h2>", sec.title);
        if sec.groups.iter().all(|(_, g)| g.is_empty()) {
            s.push_str("<p class=\"none\">None.</p>\n");
            continue;
        }
        for (head, lines) in &sec.groups {
            if !head.is_empty() {
                let _ = writeln!(s, "<h3>{}</h3>", html_escape(head));
            }
            s.push_str("<ul>\n");
            for l in lines {
                let _ = writeln!(s, "<li>{}</li>", html_line(l));
            }
            s.push_str("</ul>\n");
        }
    }
    s.push_str("<h2>Notes</h2>\n");
    if m.notes.is_empty() {
        s.push_str("<p class=\"none\">None.</p>\n");
    } else {
        s.push_str("<ol class=\"notes\">\n");
        for (i, n) in m.notes.iter().enumerate() {
            let outlet = if n.outlet.is_empty() {
                String::new()
            } else {
                format!(", {}", html_escape(&n.outlet))
            };
            let _ = writeln!(
                s,
                "<li id=\"note-{}\"><cite>{}</cite>{outlet}, {}: <q>{}</q></li>",
                i + 1,
                html_escape(&n.title),
                html_escape(&n.date),
                html_escape(&n.sentence)
            );
        }
        s.push_str("</ol>\n");
    }
    s.push_str("</body>\n</html>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapers() {
        assert_eq!(
            html_escape("<b>\"a\" & 'b'</b>"),
            "&lt;b&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/b&gt;"
        );
        assert_eq!(md_escape("*x* [y](z) <s>"), "\\*x\\* \\[y\\](z) \\<s\\>");
    }
}
