//! The built-in wording, checked by rule: every kind of pair gets only sentences that
//! are true for it, en-US gets American English, and the default text stays plain
//! (no sentence over 25 words, Flesch reading ease of at least 80).

use mentorpact::model::RawAgreement;
use mentorpact::render::Renderer;

fn markdown(renderer: &Renderer, toml_text: &str) -> String {
    let raw: RawAgreement =
        toml::from_str(toml_text).unwrap_or_else(|e| panic!("{e}\n{toml_text}"));
    let a = raw
        .validate()
        .unwrap_or_else(|p| panic!("{p:?}\n{toml_text}"));
    let plan = mentorpact::schedule::plan(&a.duration, &a.meetings);
    renderer
        .markdown(&a, &plan, jiff::civil::date(2026, 11, 24))
        .unwrap()
}

struct Pair {
    relationship: &'static str,
    programme: bool,
    /// `None`: nobody said.
    line_manager: Option<bool>,
    /// The scheme states its training, evaluation and sponsor.
    scheme_terms: bool,
    us: bool,
    coordinator_signs: bool,
    months: u32,
    no_exceptions: bool,
}

impl Pair {
    fn toml(&self) -> String {
        let mut t = format!(
            "relationship = \"{}\"\nlanguage = \"{}\"\n",
            self.relationship,
            if self.us { "en-US" } else { "en-GB" }
        );
        if self.programme {
            t.push_str("[programme]\nname = \"Staff Mentoring\"\norganisation = \"Northfield\"\ncoordinator = \"Sam Okafor\"\n");
            if self.scheme_terms {
                t.push_str("training = \"A half-day mentor workshop before the first meeting\"\nevaluation = \"A short survey at the end.\"\nsponsor = \"The mentee's head of department\"\n");
            }
        }
        t.push_str("[mentor]\nname = \"Ann Lee\"\n[mentee]\nname = \"Bo Chan\"\n[[goals]]\ndescription = \"Grow\"\n");
        if let Some(lm) = self.line_manager {
            t.push_str(&format!("[boundaries]\nline_manager = {lm}\n"));
        }
        t.push_str("[meetings]\ntime = \"17:30\"\n");
        if self.no_exceptions {
            t.push_str("[confidentiality]\nexceptions = []\n");
        }
        t.push_str(&format!(
            "[signatures]\ncoordinator = {}\n",
            self.coordinator_signs
        ));
        t.push_str(&format!(
            "[duration]\nstart = 2027-01-11\nmonths = {}\n",
            self.months
        ));
        t
    }
}

const BRITISH: &[&str] = &[
    "organisation",
    "programme",
    "counselling",
    "towards",
    "judgement",
    "behaviour",
    "cancelled",
    "recognise",
    "colour",
    "centre",
    "licence",
    "analyse",
    "travelling",
    "whilst",
    "amongst",
    "learnt",
    "favour",
    "fortnight",
    "realise",
    "counsellor",
];

/// British idiom that en-US says otherwise, phrase by phrase: American text must have
/// none of these.
const BRITISH_PHRASES: &[&str] = &[
    "line manager",
    "line management",
    "appraisal",
    "occupational health",
    "safeguarding",
    "working day",
    "working hours",
    "bank holiday",
    "at weekends",
    "annual leave",
    "reporting line",
    "17:30",
];

/// Every rule a rendering must keep; the list of the ones it breaks.
fn falsehoods(p: &Pair, md: &str) -> Vec<String> {
    let mut bad = Vec::new();
    let lower = md.to_lowercase();
    let mut no = |cond: bool, what: &str| {
        if cond {
            bad.push(what.to_string());
        }
    };
    if !p.programme {
        // ("employee assistance programme" is not a scheme.)
        for w in [
            "coordinator",
            "scheme",
            "organisation",
            "organization",
            "the programme",
            "the program",
            "program:",
        ] {
            no(
                lower.contains(w),
                &format!("no programme, but says \"{w}\""),
            );
        }
    }
    let reverse = p.relationship == "reverse";
    if p.line_manager == Some(true) && !reverse {
        no(
            lower.contains("their line manager"),
            "sends a line-manager pair to the line manager",
        );
        no(
            lower.contains("line manager or a sponsor"),
            "tells the line manager only that we meet",
        );
    }
    // A line-management sentence only when it was answered, and never in reverse
    // mentoring, where the question does not arise.
    let asserts = |who: &str| md.contains(&format!("Ann Lee is {who}Bo Chan’s"));
    no(
        (p.line_manager.is_none() || reverse) && (asserts("not ") || asserts("also ")),
        "asserts who manages whom though nobody said",
    );
    no(
        !reverse && p.line_manager == Some(false) && !asserts("not "),
        "line_manager = false, but not said",
    );
    if reverse {
        no(
            !md.contains("The mentee writes no reference and sits on no panel about the mentor"),
            "reverse mentoring without protecting the junior mentor from the senior mentee",
        );
        no(
            md.contains("the mentor writes no reference")
                || md.contains("The mentor writes no reference"),
            "reverse mentoring protects the senior mentee",
        );
        no(
            !md.contains("Bo Chan, the mentee, is the more senior"),
            "reverse mentoring does not say who is senior",
        );
    }
    // (A peer who is also the line manager judges by role: the roles are kept apart.)
    if p.relationship == "peer" && p.line_manager != Some(true) {
        no(
            !md.contains("Neither of us takes part in judging the other"),
            "peer mentoring where one judges the other",
        );
    }
    // Training, evaluation and sponsor only as the scheme states them.
    for (word, stated) in [
        (
            "training",
            "A half-day mentor workshop before the first meeting",
        ),
        ("sponsor", "The mentee's head of department"),
        ("the scheme’s evaluation", "A short survey at the end"),
    ] {
        if p.programme && p.scheme_terms {
            no(
                !md.contains(stated),
                &format!("the scheme's {word} is not written"),
            );
        } else {
            no(
                lower.contains(word),
                &format!("\"{word}\" though no scheme states one"),
            );
        }
    }
    if !p.programme {
        for w in [
            "line manager",
            "human resources",
            "occupational health",
            "employee",
        ] {
            no(
                lower.contains(&format!("turn to their {w}"))
                    || lower.contains(&format!("{w}, human")),
                &format!("a private pair is sent to \"{w}\""),
            );
        }
        no(
            !md.contains("a doctor, a counsel"),
            "a private pair gets no help from elsewhere",
        );
        // No employer assumed: no manager, unless they said whether the mentor is one.
        no(
            p.line_manager.is_none() && lower.contains("manag"),
            "a private pair who said nothing of management reads of managers",
        );
    }
    if p.us {
        for w in BRITISH {
            no(lower.contains(w), &format!("British form \"{w}\" in en-US"));
        }
        for w in BRITISH_PHRASES {
            no(
                lower.contains(w),
                &format!("British phrase \"{w}\" in en-US"),
            );
        }
        no(
            !md.contains("5:30 PM"),
            "the usual time not written as Americans do",
        );
        for m in crate::common::MONTHS {
            for d in 1..=31 {
                no(
                    md.contains(&format!(" {d} {m}")),
                    &format!("British date \"{d} {m}\" in en-US"),
                );
            }
        }
    }
    no(
        md.contains(" 1 months") || md.contains("(1 months)"),
        "\"1 months\"",
    );
    no(md.contains("Every 1 months"), "\"Every 1 months\"");
    no(
        p.months == 1 && md.contains("within the first month"),
        "a one-month partnership waits a month to agree its measures",
    );
    // (The keep-together marks are layout comments, not text.)
    // Without the template's own comments (keep-together, the signature page's parties).
    let prose: String = lower
        .lines()
        .filter(|l| !l.trim_start().starts_with("<!--"))
        .collect::<Vec<_>>()
        .join("\n");
    for w in ["mentorpact", "toml", "template", "render", " --"] {
        no(
            prose.contains(w),
            &format!("a word about the tool: \"{w}\""),
        );
    }
    no(lower.contains("contract"), "calls the agreement a contract");
    // A line that introduces a list is followed by one.
    let lines: Vec<&str> = md.lines().collect();
    for (i, l) in lines.iter().enumerate() {
        if l.ends_with(':') && !l.starts_with('#') {
            let next = lines[i + 1..].iter().find(|n| !n.trim().is_empty());
            let is_list = next
                .is_some_and(|n| n.starts_with("- ") || n.starts_with("1. ") || n.starts_with('|'));
            no(!is_list, &format!("list intro with no list: {l}"));
        }
    }
    let title = match p.relationship {
        "peer" => "# Peer mentoring agreement",
        "reverse" => "# Reverse mentoring agreement",
        _ => "# Mentoring agreement",
    };
    no(
        !md.starts_with(title),
        "title does not name the kind of pair",
    );
    no(
        p.coordinator_signs != md.contains("**Coordinator:** Sam Okafor\n\nSignature:"),
        "coordinator's signature line",
    );
    if p.no_exceptions {
        no(
            !md.contains("unless the law requires it"),
            "no exceptions, but no plain sentence",
        );
    }
    if p.relationship == "reverse" {
        no(
            !md.contains("held against them"),
            "reverse mentoring without protecting the mentor",
        );
    }
    bad
}

#[test]
fn every_kind_of_pair_reads_true() {
    let renderer = Renderer::new(None).unwrap();
    let mut checked = 0;
    // (scheme, its terms stated, the coordinator signs): none; a scheme; one that states
    // its training, evaluation and sponsor; one with a coordinator's line.
    let schemes = [
        (false, false, false),
        (true, false, false),
        (true, true, false),
        (true, false, true),
    ];
    for relationship in ["traditional", "peer", "reverse"] {
        for (programme, scheme_terms, coordinator_signs) in schemes {
            for line_manager in [None, Some(false), Some(true)] {
                for us in [false, true] {
                    for months in [1, 6, 24] {
                        for no_exceptions in [false, true] {
                            let p = Pair {
                                relationship,
                                programme,
                                line_manager,
                                scheme_terms,
                                us,
                                coordinator_signs,
                                months,
                                no_exceptions,
                            };
                            let md = markdown(&renderer, &p.toml());
                            let bad = falsehoods(&p, &md);
                            assert!(bad.is_empty(), "{}\n{bad:#?}\n{md}", p.toml());
                            checked += 1;
                        }
                    }
                }
            }
        }
    }
    assert_eq!(checked, 3 * 4 * 3 * 2 * 3 * 2);
}

fn rendered_on(toml_text: &str, today: jiff::civil::Date) -> String {
    let raw: RawAgreement = toml::from_str(toml_text).unwrap();
    let a = raw.validate().unwrap();
    let plan = mentorpact::schedule::plan(&a.duration, &a.meetings);
    Renderer::new(None)
        .unwrap()
        .markdown(&a, &plan, today)
        .unwrap()
}

/// The parties block, the opening sentence and the schedule say the same about when
/// the agreement is drafted and signed.
#[test]
fn the_parties_block_and_the_schedule_agree_on_signing() {
    let base = "[mentor]\nname = \"Ann Lee\"\n[mentee]\nname = \"Bo Chan\"\n[[goals]]\ndescription = \"Grow\"\n[duration]\nstart = 2027-01-11\n";
    // Drafted before the first meeting: signed there, on its date.
    let md = rendered_on(base, jiff::civil::date(2026, 11, 28));
    assert!(md.contains("- **Drafted on:** 28 November 2026\n- **To be signed:** at our first meeting, 11 January 2027"), "{md}");
    assert!(
        md.contains("drafted this agreement together, to sign at our first meeting."),
        "{md}"
    );
    assert!(
        md.contains("| Monday 11 January 2027 | First meeting: we sign this agreement |"),
        "{md}"
    );
    assert!(
        !md.contains("wrote this agreement together at our first meeting"),
        "{md}"
    );
    // Drafted at the first meeting itself.
    let md = rendered_on(base, jiff::civil::date(2027, 1, 11));
    assert!(
        md.contains("- **Drafted and signed:** at our first meeting, 11 January 2027"),
        "{md}"
    );
    assert!(
        md.contains("wrote this agreement together at our first meeting."),
        "{md}"
    );
    assert!(!md.contains("To be signed"), "{md}");
    // Signed on another day: the schedule does not say it is signed at the first meeting.
    let md = rendered_on(
        &format!("agreed_on = 2027-01-04\n{base}"),
        jiff::civil::date(2027, 1, 4),
    );
    assert!(md.contains("- **Agreed on:** 4 January 2027"), "{md}");
    assert!(
        md.contains("| Monday 11 January 2027 | First meeting |"),
        "{md}"
    );
    assert!(!md.contains("we sign this agreement"), "{md}");
    // In American English, the dates too.
    let md = rendered_on(
        &format!("language = \"en-US\"\n{base}"),
        jiff::civil::date(2026, 11, 28),
    );
    assert!(md.contains("- **Drafted on:** November 28, 2026\n- **To be signed:** at our first meeting, January 11, 2027"), "{md}");
}

/// What the pair said about keeping in touch is the one thing the agreement says about
/// it: the channels of `[meetings]` do not contradict it.
#[test]
fn keeping_in_touch_has_one_source() {
    let base = "[mentor]\nname = \"Ann Lee\"\n[mentee]\nname = \"Bo Chan\"\n[[goals]]\ndescription = \"Grow\"\n[duration]\nstart = 2027-01-11\n";
    let teams = "[boundaries]\ncontact_between_meetings = \"A message on Teams; we reply by the end of our next shift.\"\n";
    let md = rendered_on(&format!("{base}{teams}"), jiff::civil::date(2026, 11, 28));
    assert!(
        md.contains(
            "**Between meetings.** A message on Teams; we reply by the end of our next shift."
        ),
        "{md}"
    );
    assert!(!md.to_lowercase().contains("email"), "{md}");
    let md = rendered_on(
        &format!("{base}[meetings]\nchannels = [\"email\", \"Teams chat\"]\n"),
        jiff::civil::date(2026, 11, 28),
    );
    assert!(md.contains("**Between meetings.** We keep in touch between meetings by email and Teams chat; we reply within two working days."), "{md}");
    let md = rendered_on(
        &format!("{base}{teams}[meetings]\nchannels = [\"Teams chat\"]\n"),
        jiff::civil::date(2026, 11, 28),
    );
    assert!(md.contains("next shift. We use Teams chat."), "{md}");
}

/// Syllables by vowel groups, less a silent final e or a spoken-as-one -ed or -es:
/// close enough to compare texts, as readability formulas do.
fn syllables(word: &str) -> usize {
    let w: String = word
        .to_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphabetic())
        .collect();
    if w.is_empty() {
        return 0;
    }
    let vowel = |c: char| "aeiouy".contains(c);
    let mut n = 0;
    let mut prev = false;
    for c in w.chars() {
        let v = vowel(c);
        if v && !prev {
            n += 1;
        }
        prev = v;
    }
    let silent = (w.ends_with('e') && !w.ends_with("le") && !w.ends_with("ee"))
        || (w.ends_with("ed") && !w.ends_with("ted") && !w.ends_with("ded"))
        || (w.ends_with("es")
            && !["ses", "xes", "zes", "ches", "shes", "ces", "ges"]
                .iter()
                .any(|e| w.ends_with(e)));
    if silent && n > 1 {
        n -= 1;
    }
    n.max(1)
}

/// The prose of an agreement: its sentences, without headings, tables, bold lead-ins,
/// signature lines or lines of data (which end without punctuation).
fn sentences(md: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in md.lines() {
        let l = line.trim();
        if l.is_empty()
            || l.starts_with('#')
            || l.starts_with('|')
            || l.starts_with("<!--")
            || l.starts_with("Signature:")
        {
            continue;
        }
        if !l.ends_with(['.', '?', '!', ':']) {
            continue;
        }
        let l = l
            .trim_start_matches("- ")
            .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.')
            .trim();
        let l = match l.strip_prefix("**").and_then(|r| r.split_once("**")) {
            Some((lead, rest)) if lead.ends_with(['.', ':']) => rest.trim(),
            _ => l,
        };
        let l = l.replace("**", "").replace('\\', "");
        let mut cur = String::new();
        let chars: Vec<char> = l.chars().collect();
        for (i, c) in chars.iter().enumerate() {
            cur.push(*c);
            let end = ".?!:".contains(*c) && chars.get(i + 1).is_none_or(|n| *n == ' ');
            if end && cur.chars().any(char::is_alphabetic) {
                out.push(std::mem::take(&mut cur).trim().to_string());
            }
        }
    }
    out
}

fn words(s: &str) -> Vec<&str> {
    s.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’' || c == '-'))
        .filter(|w| w.chars().any(char::is_alphabetic))
        .collect()
}

#[test]
fn the_default_text_is_plain_english() {
    let renderer = Renderer::new(None).unwrap();
    for relationship in ["traditional", "peer", "reverse"] {
        for programme in [false, true] {
            let p = Pair {
                relationship,
                programme,
                line_manager: Some(false),
                scheme_terms: programme,
                us: false,
                coordinator_signs: false,
                months: 6,
                no_exceptions: false,
            };
            let md = markdown(&renderer, &p.toml());
            let sents = sentences(&md);
            let mut w = 0;
            let mut syl = 0;
            for s in &sents {
                let ws = words(s);
                assert!(ws.len() <= 25, "{} words: {s}", ws.len());
                w += ws.len();
                syl += ws.iter().map(|x| syllables(x)).sum::<usize>();
            }
            let flesch =
                206.835 - 1.015 * w as f64 / sents.len() as f64 - 84.6 * syl as f64 / w as f64;
            assert!(
                flesch >= 80.0,
                "{relationship}, programme {programme}: Flesch {flesch:.1} over {} sentences",
                sents.len()
            );
        }
    }
    assert_eq!(syllables("agreement"), 3);
    assert_eq!(syllables("mentee"), 2);
    assert_eq!(syllables("asked"), 1);
}
