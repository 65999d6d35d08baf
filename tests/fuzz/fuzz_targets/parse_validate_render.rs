//! Any bytes as an agreement or cohort file: parse, check, validate, plan and render
//! the Markdown. Nothing may panic, hang or overflow; rejected input is just rejected.
#![no_main]

use std::path::Path;
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use mentorpact::input::Document;
use mentorpact::model::Seal;
use mentorpact::render::Renderer;

static RENDERER: LazyLock<Renderer> = LazyLock::new(|| Renderer::new(None).expect("built-ins compile"));

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // Sealed as `render` seals it, so confirmations are settled too.
    let seal = Seal::new(RENDERER.wordings(), jiff::civil::date(2026, 11, 24));
    let doc = Document::from_text(Path::new("fuzz.toml"), text.to_string())
        .sealed(Some(std::sync::Arc::new(seal)));
    let Ok(units) = doc.units() else {
        return;
    };
    for unit in units {
        if let Ok(loaded) = unit.load() {
            let a = &loaded.agreement;
            let plan = mentorpact::schedule::plan(&a.duration, &a.meetings);
            let md = RENDERER
                .markdown(a, &plan, jiff::civil::date(2026, 11, 24))
                .expect("a valid agreement renders");
            assert!(!md.is_empty());
        }
    }
});
