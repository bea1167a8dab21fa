//! Abbreviations that a period does not end a sentence after, and words that
//! start a new sentence after an abbreviation that could also end one ("U.S.").

/// Abbreviations written with a final period (without it here).
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Col", "Lt", "Sgt", "Capt", "Cmdr", "Adm", "Maj",
    "Gov", "Sen", "Rep", "Rev", "St", "Mt", "Ft", "Jr", "Sr", "Jan", "Feb", "Mar", "Apr", "Jun",
    "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Mon", "Tue", "Tues", "Wed", "Thu", "Thurs",
    "Fri", "Sat", "Sun", "No", "Nos", "vs", "etc", "approx", "Inc", "Ltd", "Co", "Corp", "Bros",
    "Ave", "Blvd", "Dept", "Univ", "Assn", "est", "fig", "p", "pp", "vol", "cf", "al", "ca",
    "Pres", "Amb", "Supt", "Hon",
];

/// True for an abbreviation that a period usually follows without ending the sentence.
pub fn is_abbreviation(word: &str) -> bool {
    ABBREVIATIONS.iter().any(|a| {
        a.eq_ignore_ascii_case(word)
            && a.chars().next().map(|c| c.is_uppercase())
                == word.chars().next().map(|c| c.is_uppercase())
    })
}

/// Words that, capitalised after "U.S." or "D.C.", start a new sentence.
const STARTERS: &[&str] = &[
    "The",
    "A",
    "An",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "You",
    "But",
    "And",
    "Or",
    "So",
    "Yet",
    "In",
    "On",
    "At",
    "By",
    "For",
    "From",
    "This",
    "That",
    "These",
    "Those",
    "His",
    "Her",
    "Their",
    "Its",
    "Our",
    "After",
    "Before",
    "When",
    "While",
    "As",
    "Since",
    "If",
    "Although",
    "However",
    "Meanwhile",
    "Still",
    "There",
    "Here",
    "Some",
    "Many",
    "Most",
    "Officials",
    "Analysts",
];

pub fn is_sentence_starter(word: &str) -> bool {
    STARTERS.contains(&word)
}
