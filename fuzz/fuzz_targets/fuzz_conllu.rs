//! Fuzzes `annalist_syntax::conllu::parse` (the CoNLL-U reader of training, evaluation
//! and `annalist parse --input-format conllu`) on any text: it returns sentences or an
//! error, never panics; what it returns has heads and multiword ranges inside their
//! sentence, writes out, reads back, and is unchanged by a second round.
#![no_main]

use annalist_syntax::conllu;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let Ok(sentences) = conllu::parse(&text) else {
        return;
    };
    for s in &sentences {
        assert!(!s.words.is_empty());
        let n = s.words.len();
        assert!(s.words.iter().all(|w| w.head <= n));
        assert!(s.multiword.iter().all(|m| 1 <= m.first && m.first <= m.last && m.last <= n));
        let _ = s.surface_tokens();
        let _ = s.raw_text();
    }
    let mut written = String::new();
    conllu::write(&sentences, &mut written).expect("writing to a String");
    let once = conllu::parse(&written).expect("written CoNLL-U reads back");
    assert_eq!(once.len(), sentences.len());
    let mut again = String::new();
    conllu::write(&once, &mut again).expect("writing to a String");
    assert_eq!(conllu::parse(&again).expect("reads back"), once);
});
