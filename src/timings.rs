//! `render --timings`: where the time of a run went, by stage, like cargo's build
//! timings. Off unless asked for; when on, each stage adds its elapsed time to a
//! process-wide counter (summed over all workers, so with two jobs the stages add up to
//! about twice the wall time). A stage inside another is charged only to itself.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stage {
    /// Compiling the templates (once per language in use).
    Templates,
    /// Reading the font files (once per face in use).
    Fonts,
    /// TOML text → tables.
    Parse,
    /// Cohort defaults merged, keys checked, the model validated, the schedule planned.
    Validate,
    /// The templates rendered to Markdown.
    Markdown,
    /// Markdown → measured, wrapped lines on pages.
    Layout,
    /// Pages → content streams, fonts, structure tree and metadata, as PDF bytes.
    Pdf,
    /// Deflating the PDF's streams.
    Compress,
    /// The calendar file.
    Calendar,
    /// Files written to disk, the index and the manifest.
    Write,
}

impl Stage {
    pub(crate) const ALL: [Stage; 10] = [
        Stage::Templates,
        Stage::Fonts,
        Stage::Parse,
        Stage::Validate,
        Stage::Markdown,
        Stage::Layout,
        Stage::Pdf,
        Stage::Compress,
        Stage::Calendar,
        Stage::Write,
    ];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Stage::Templates => "templates",
            Stage::Fonts => "fonts",
            Stage::Parse => "parse",
            Stage::Validate => "validate",
            Stage::Markdown => "markdown",
            Stage::Layout => "layout",
            Stage::Pdf => "pdf",
            Stage::Compress => "compress",
            Stage::Calendar => "calendar",
            Stage::Write => "write",
        }
    }
}

static ON: AtomicBool = AtomicBool::new(false);
static NANOS: [AtomicU64; Stage::ALL.len()] = [const { AtomicU64::new(0) }; Stage::ALL.len()];

/// Start counting (for the rest of the process).
pub(crate) fn enable() {
    ON.store(true, Ordering::Relaxed);
}

/// Run `f`, charging its time to `stage` when timings are on.
pub(crate) fn time<T>(stage: Stage, f: impl FnOnce() -> T) -> T {
    let t = start();
    let out = f();
    charge(stage, t);
    out
}

thread_local! {
    /// Time already charged, on this thread, by stages inside the one being timed.
    static INNER: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// A stretch of work being timed: when it began, and what enclosing stretches had
/// charged to inner stages before it.
pub(crate) struct Timer {
    began: Instant,
    outer: u64,
}

/// The start of a stretch of work to charge with [`charge`]; `None` when timings are off.
pub(crate) fn start() -> Option<Timer> {
    ON.load(Ordering::Relaxed).then(|| Timer {
        began: Instant::now(),
        outer: INNER.with(|c| c.replace(0)),
    })
}

/// Charge the time since `timer` started to `stage`, less what stages inside it were
/// charged (fonts read during layout count as fonts, not layout), so that the stages
/// add up to the time spent.
pub(crate) fn charge(stage: Stage, timer: Option<Timer>) {
    if let Some(t) = timer {
        let all = t.began.elapsed().as_nanos() as u64;
        let inner = INNER.with(|c| c.get());
        NANOS[stage as usize].fetch_add(all.saturating_sub(inner), Ordering::Relaxed);
        INNER.with(|c| c.set(t.outer + all));
    }
}

/// The time charged to each stage so far.
pub(crate) fn totals() -> Vec<(Stage, Duration)> {
    Stage::ALL
        .iter()
        .map(|&s| {
            let n = NANOS[s as usize].load(Ordering::Relaxed);
            (s, Duration::from_nanos(n))
        })
        .collect()
}

/// The table `render --timings` prints: per stage, total and per-agreement time and its
/// share; then the wall time and rate.
pub(crate) fn report(agreements: usize, jobs: usize, wall: Duration) -> String {
    let stages = totals();
    let sum: Duration = stages.iter().map(|s| s.1).sum();
    let per = |d: Duration| d.as_secs_f64() * 1e6 / agreements.max(1) as f64;
    let mut out = format!(
        "{:<10} {:>10} {:>14} {:>6}\n",
        "stage", "total ms", "µs/agreement", "share"
    );
    for (stage, d) in stages.iter().filter(|s| !s.1.is_zero()) {
        out.push_str(&format!(
            "{:<10} {:>10.1} {:>14.1} {:>5.1}%\n",
            stage.name(),
            d.as_secs_f64() * 1e3,
            per(*d),
            100.0 * d.as_secs_f64() / sum.as_secs_f64().max(1e-9)
        ));
    }
    out.push_str(&format!(
        "{:<10} {:>10.1} {:>14.1}\n",
        "all stages",
        sum.as_secs_f64() * 1e3,
        per(sum)
    ));
    let rate = agreements as f64 / wall.as_secs_f64().max(1e-9);
    out.push_str(&format!(
        "{agreements} agreements in {:.1} ms wall with {jobs} job{}: {rate:.0} agreements/s\n",
        wall.as_secs_f64() * 1e3,
        if jobs == 1 { "" } else { "s" },
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stage_inside_another_is_charged_only_to_itself() {
        enable();
        let before = totals();
        time(Stage::Calendar, || {
            time(Stage::Templates, || {
                std::thread::sleep(Duration::from_millis(30))
            })
        });
        let after = totals();
        let grew = |s: Stage| after[s as usize].1 - before[s as usize].1;
        assert!(grew(Stage::Templates) >= Duration::from_millis(30));
        assert!(
            grew(Stage::Calendar) < Duration::from_millis(15),
            "{:?}",
            grew(Stage::Calendar)
        );
    }
}
