//! Any bytes, declared as HTML, as plain text, or undeclared, give an article or an
//! error: never a panic, never a hang.

#![no_main]

use libfuzzer_sys::fuzz_target;
use storywatch::extract::extract;
use storywatch::model::{ItemId, RawDocument};

fuzz_target!(|data: &[u8]| {
    // The first byte picks the declared type, so one corpus covers all three paths.
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let content_type = match selector % 3 {
        0 => Some("text/html".to_string()),
        1 => Some("text/plain".to_string()),
        _ => None,
    };
    let doc = RawDocument {
        item: ItemId("https://fuzz.example/2024/01/02/page".into()),
        bytes: bytes.to_vec(),
        content_type,
        fetched_at: chrono::Utc::now(),
    };
    let _ = extract(&doc);
});
