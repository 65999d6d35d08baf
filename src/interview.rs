//! `mentorpact new`: the guided interview (in progress).
use crate::cli::NewArgs;
use crate::error::{Error, Result};

pub fn run(_args: NewArgs) -> Result<i32> {
    Err(Error::Usage("the interview is not built yet".into()))
}
