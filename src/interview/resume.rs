//! What to tell a pair who stop half-way: where their answers are saved, and the exact
//! command that goes on from there. One [`Resume`] is made by the run that asks
//! (`new`, or `review --record`) and shared, through an `Arc`, with the Ctrl-C handler
//! and the terminal, which can both be first to see the interrupt.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::sync::Mutex;

use crate::error::Exit;
use crate::model::words::{tr, trf};
use crate::model::{Choice, Language};

pub(super) struct Resume {
    goes_on: GoesOn,
    /// The file every answer so far is in, once one has been saved.
    saved_in: Mutex<Option<PathBuf>>,
    /// The handler and an interrupted read may both stop: the first one speaks.
    stopping: AtomicBool,
    /// The interview's language, by its index in `Language::ALL`: the handler runs on
    /// another thread, and an atomic is all it needs to read it there.
    language: AtomicU8,
}

enum GoesOn {
    /// "mentorpact new -o DIR ": `--resume` and the draft follow.
    Resume(String),
    /// The whole command, which asks again from what was saved (`review --record`).
    Again(String),
}

impl Resume {
    /// An interview writing into `output` (the current folder if none); no draft yet.
    pub(super) fn interview(output: Option<&Path>) -> Resume {
        let start = match output {
            Some(o) => format!("mentorpact new -o {} ", crate::error::shown(o)),
            None => "mentorpact new ".into(),
        };
        Resume::new(GoesOn::Resume(start), None)
    }

    /// A recording that saves into `file` and goes on with the command `again`.
    pub(super) fn recording(file: &Path, again: String) -> Resume {
        Resume::new(GoesOn::Again(again), Some(file.to_path_buf()))
    }

    fn new(goes_on: GoesOn, saved_in: Option<PathBuf>) -> Resume {
        Resume {
            goes_on,
            saved_in: Mutex::new(saved_in),
            stopping: AtomicBool::new(false),
            language: AtomicU8::new(Language::EnGb.index() as u8),
        }
    }

    /// The answers are now in `file` (a draft is renamed once the pair's names are known).
    pub(super) fn saved_in(&self, file: &Path) {
        let mut at = self.saved_in.lock().unwrap_or_else(|e| e.into_inner());
        *at = Some(file.to_path_buf());
    }

    /// Say what stopping says in `lang` from now on.
    pub(super) fn set_language(&self, lang: Language) {
        self.language.store(lang.index() as u8, Ordering::SeqCst);
    }

    fn language(&self) -> Language {
        let i = self.language.load(Ordering::SeqCst) as usize;
        Language::ALL.get(i).copied().unwrap_or_default()
    }

    /// The exact command that goes on from `draft`.
    pub(super) fn command(&self, draft: &Path) -> String {
        match &self.goes_on {
            GoesOn::Again(c) => c.clone(),
            GoesOn::Resume(start) => format!("{start}--resume {}", crate::error::shown(draft)),
        }
    }

    /// Ctrl-C (or the terminal going away): every answer given is saved. Put the cursor
    /// back, say how to go on, and stop with the interrupted exit code.
    pub(super) fn stop(&self) -> ! {
        if self.stopping.swap(true, Ordering::SeqCst) {
            // The other one is saying it; give it time to finish before exiting.
            std::thread::sleep(std::time::Duration::from_secs(5));
            std::process::exit(Exit::Interrupted.code());
        }
        let _ = console::Term::stderr().show_cursor();
        let l = self.language();
        match self.saved_in.lock().ok().and_then(|d| d.clone()) {
            Some(d) if d.exists() => eprintln!(
                "\n{}",
                trf(
                    l,
                    "Stopped. Your answers are saved in {file}.\nContinue with: {command}",
                    &[
                        ("file", &crate::error::shown(&d)),
                        ("command", &self.command(&d))
                    ]
                )
            ),
            _ => eprintln!(
                "\n{}",
                tr(l, "Stopped before any answer was given; nothing to save.")
            ),
        }
        std::process::exit(Exit::Interrupted.code());
    }
}
