//! Throughput of the text reader (run with `cargo test --release -p demarche-ingest --test speed -- --ignored`).

use std::io::Cursor;
use std::time::Instant;

fn corpus(bytes: usize) -> String {
    // article-like: mostly full paragraphs, some broken ones, captions and furniture
    let templates = [
        "The regional council voted {n} to 12 on Tuesday to extend the curfew by another two weeks, a spokesman [said](https://example.org/{n}), adding that the measure would be reviewed if the number of incidents in the northern districts kept falling. Opposition members walked out before the vote, calling the decision a blow to small businesses that depend on evening trade.",
        "“We will not accept a deal that leaves the harbour closed for another winter,” the union leader told reporters in the port city on day {n}, standing outside the shuttered customs hall. “Our members have waited long enough, and the owners know exactly what it would take to end this.”",
        "Officials said about {n} people had left the area since the floods began, though aid groups gave higher figures",
        "and warned that the roads would stay closed for weeks while engineers inspected the damaged bridges.",
        "Share",
        "FILE - Firefighters work near the northern ridge, Sunday, Aug. 3, 2025. (AP Photo/Sam Field, file)",
        "Analysts at two private banks expect growth of about {n} basis points next year, but both warned that the forecast depends on energy prices, on the harvest and on whether the new tariff regime survives its first legal challenge in the constitutional court.",
        "Reconstruction costs",
    ];
    let mut out = String::with_capacity(bytes + 512);
    let mut n = 0;
    while out.len() < bytes {
        for t in templates {
            out.push_str(&t.replace("{n}", &n.to_string()));
            out.push_str("\n\n");
            n += 1;
        }
    }
    out
}

/// CPU time of the current thread in seconds (Linux), so a busy machine does
/// not distort the figure; wall time elsewhere.
fn thread_cpu_secs() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}

#[test]
#[ignore]
fn text_reader_throughput() {
    let text = corpus(50 * 1024 * 1024);
    let len = text.len();
    let start = Instant::now();
    let cpu0 = thread_cpu_secs();
    let docs: Vec<_> = demarche_ingest::read_reader(
        "big.txt",
        Cursor::new(text.into_bytes()),
        Some(demarche_ingest::Format::Txt),
    )
    .collect();
    let wall = start.elapsed().as_secs_f64();
    let secs = match (cpu0, thread_cpu_secs()) {
        (Some(a), Some(b)) if b > a => b - a,
        _ => wall,
    };
    let mbps = len as f64 / secs / 1e6;
    println!(
        "{:.1} MB in {:.2}s: {:.0} MB/s",
        len as f64 / 1e6,
        secs,
        mbps
    );
    let d = docs[0].as_ref().expect("document");
    assert!(d.text.len() > len / 2);
    if !cfg!(debug_assertions) {
        assert!(mbps >= 50.0, "{mbps:.0} MB/s");
    }
}
