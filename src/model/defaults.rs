//! Good-practice defaults (content.md), in British English; `spelling` derives en-US.

pub(crate) const MONTHS: u32 = 6;
pub(crate) const REVIEW_EVERY_MONTHS: u32 = 3;
pub(crate) const LENGTH_MINUTES: u32 = 60;
pub(crate) const NOTICE_HOURS: u32 = 24;
pub(crate) const CHANNELS: &[&str] = &["email"];

pub(crate) const MENTOR: &[&str] = &[
    "Keep to the meetings we arrange, be on time, and give notice if a meeting has to move.",
    "Do what they said they would do between meetings.",
    "Listen more than talk, ask open questions, and help the mentee reflect on and reframe what they bring.",
    "Share experience and a point of view as one perspective, not as instructions.",
    "Give honest, useful feedback, kindly.",
    "Keep the mentee's confidences, within the limits set out in this agreement.",
    "Stay open to learning from the mentee.",
];
pub(crate) const MENTEE: &[&str] = &[
    "Take the lead: propose our goals and the agenda for each meeting.",
    "Prepare for meetings, and send questions ahead when that helps.",
    "Follow through on the actions we agree.",
    "Be honest about what is hard, not only about what is going well.",
    "Hear feedback with an open mind.",
    "Keep in touch in the ways we have agreed.",
];
pub(crate) const SHARED: &[&str] = &[
    "Respect each other's time.",
    "Review how the partnership is working at each review point.",
    "Keep brief notes of what we agree and the actions that follow.",
    "Raise any problem early, while it is still small.",
];
pub(crate) const CONTACT: &str =
    "Email for quick questions between meetings; we reply within two working days.";
pub(crate) const STATEMENT: &str = "What we talk about in our meetings stays between us. That we are a mentoring pair is not a secret; what we say to each other is.";
pub(crate) const EXCEPTIONS: &[&str] = &[
    "A risk of serious harm to the mentee or to someone else.",
    "A safeguarding concern about a child or an adult at risk.",
    "A crime or serious misconduct that comes to light.",
    "Anything the law requires us to report.",
];
pub(crate) const SHARED_WITH_COORDINATOR: &[&str] = &[
    "That our meetings are taking place.",
    "The outcome of our reviews, if we both agree.",
];
pub(crate) const RECORDS: &str = "Each of us keeps our own notes. Neither of us shares them without the other's agreement, and we delete them when they are no longer needed.";
pub(crate) const ENDING: &str = "Either of us may end the partnership early, for any reason and without blame, after we talk it over. We respect that choice.";
