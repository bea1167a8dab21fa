fn main() {
    let text = std::fs::read_to_string(std::env::args().nth(1).unwrap()).unwrap();
    let anchor = std::env::args()
        .nth(2)
        .and_then(|a| chrono::NaiveDate::parse_from_str(&a, "%Y-%m-%d").ok());
    for t in demarche_time::tag(&text, anchor) {
        println!(
            "{:?}\t{}\t{}",
            &text[t.span.range()],
            t.ttype.as_str(),
            t.value
        );
    }
}
