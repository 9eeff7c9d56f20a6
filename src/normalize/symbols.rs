//! What must not survive the spoken form: after normalisation every token is a Vietnamese
//! syllable, a word the lexicon or glossary says, or sentence punctuation. Anything else (a
//! digit, `%`, `/`, `°`, a dot inside a word, a Latin letter run) is a leftover that an
//! announcer would stumble on and a synthetic voice would skip.

use std::collections::HashSet;

use super::chunk::split_chunk;
use super::letters::is_plausible_syllable;
use super::lexicon::Lexicon;

/// Marks that may stand alone between words: a dash for a pause.
const PAUSE_MARKS: &[&str] = &["-", "–", "—"];

/// The tokens of `spoken` that are not readable words, in order, each once.
pub fn leftovers(spoken: &str, lexicon: &Lexicon) -> Vec<String> {
    let known = lexicon.spoken_words();
    let mut seen = HashSet::new();
    spoken
        .split_whitespace()
        .map(|t| split_chunk(t).core)
        .filter(|core| !core.is_empty() && !PAUSE_MARKS.contains(core))
        .filter(|core| !core.split('-').all(|part| readable(part, &known)))
        .filter(|core| seen.insert(core.to_string()))
        .map(str::to_string)
        .collect()
}

/// A syllable, or a word of the lexicon's or glossary's spoken forms.
fn readable(word: &str, known: &HashSet<String>) -> bool {
    let lower = word.to_lowercase();
    !word.is_empty() && (is_plausible_syllable(&lower) || known.contains(&lower))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_words_and_punctuation_pass() {
        let lex = Lexicon::builtin();
        for (spoken, want) in [
            ("Nhiệt độ mười hai đến mười lăm độ xê.", vec![]),
            ("(Bà con) nghe rõ - nhé!", vec![]),
            ("Da lô, Pốt mát, Oan tắt.", vec![]),
            ("ki-lô-mét", vec![]),
            ("mười hai °C", vec!["°C"]),
            ("lãi %/tháng", vec!["%/tháng"]),
            ("Covid và Covid", vec!["Covid"]),
            ("hai.một", vec!["hai.một"]),
            ("số 12", vec!["12"]),
        ] {
            assert_eq!(leftovers(spoken, &lex), want, "{spoken}");
        }
    }
}
