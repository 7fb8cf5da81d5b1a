//! What the terminal labs' tests share: lines a learner might type, for fuzzing a lab.

use server_lab::sim::rng::Pcg32;
use server_lab::sim::shell::parse::MAX_LINE_BYTES;

/// A line a learner might type: one to `max_words` of `words` (the commands and arguments the
/// lab knows), or garbage: random Unicode, ASCII control characters, a line well over the cap,
/// or one of `runs` (quotes, escapes and the lab's flags) repeated.
pub fn random_line(rng: &mut Pcg32, words: &[&str], runs: &[&str], max_words: u32) -> String {
    match rng.below(6) {
        0 => (0..rng.below(40)).map(|_| char::from_u32(rng.below(0x11_0000)).unwrap_or('\u{fffd}')).collect(),
        1 => (0..rng.below(30)).map(|_| char::from(rng.below(128) as u8)).collect(),
        2 => "x".repeat(MAX_LINE_BYTES + rng.below(5_000) as usize),
        3 => runs[rng.below(runs.len() as u32) as usize].repeat(1 + rng.below(3) as usize),
        _ => (0..1 + rng.below(max_words))
            .map(|_| words[rng.below(words.len() as u32) as usize])
            .collect::<Vec<_>>()
            .join(" "),
    }
}
