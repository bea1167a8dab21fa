fn main() {
    let mut text = String::new();
    for f in std::fs::read_dir("/work/shared/corpus/seeds").unwrap() {
        text.push_str(&std::fs::read_to_string(f.unwrap().path()).unwrap());
    }
    let s = std::fs::read_to_string("/work/shared/corpus/te3-platinum/articles.jsonl").unwrap();
    text.push_str(&s);
    let words = text.split_whitespace().count();
    let anchor = chrono::NaiveDate::from_ymd_opt(2026, 1, 7);
    let t = std::time::Instant::now();
    let mut n = 0;
    for _ in 0..50 {
        n += demarche_time::tag(&text, anchor).len();
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "{} words x50 in {:.3}s = {:.0} words/s ({} times)",
        words,
        secs,
        words as f64 * 50.0 / secs,
        n / 50
    );
}
