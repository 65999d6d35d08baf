//! Items a command lists in date order, kept in a temporary file as they are found, with
//! only each one's date and place held: `due` and `report` over a cohort in which every
//! pair has something to list (they often start together) hold a few bytes a pair.

use std::io::{Read, Seek, SeekFrom, Write};
use std::marker::PhantomData;

use jiff::civil::Date;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::{Error, Result};

pub(crate) struct Spill<T> {
    file: std::fs::File,
    /// Each item's date, where it starts in the file and its length.
    index: Vec<(Date, u64, u32)>,
    end: u64,
    of: PhantomData<T>,
}

fn io(e: std::io::Error) -> Error {
    Error::write(std::path::Path::new("<temporary file>"), e)
}

impl<T: Serialize + DeserializeOwned> Spill<T> {
    pub(crate) fn new() -> Result<Spill<T>> {
        Ok(Spill {
            file: tempfile::tempfile().map_err(io)?,
            index: Vec::new(),
            end: 0,
            of: PhantomData,
        })
    }

    pub(crate) fn push(&mut self, date: Date, item: &T) -> Result<()> {
        let bytes = serde_json::to_vec(item).expect("a listed item serializes");
        self.file.write_all(&bytes).map_err(io)?;
        self.index.push((date, self.end, bytes.len() as u32));
        self.end += bytes.len() as u64;
        Ok(())
    }

    pub(crate) fn len(&self) -> usize {
        self.index.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// Soonest first; on one day, in the order they were found.
    pub(crate) fn sort(&mut self) {
        self.index.sort_by_key(|(d, _, _)| *d);
    }

    /// The items with their dates, in the index's order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = Result<(Date, T)>> + '_ {
        let mut file = &self.file;
        self.index.iter().map(move |&(date, at, len)| {
            let mut buf = vec![0; len as usize];
            file.seek(SeekFrom::Start(at)).map_err(io)?;
            file.read_exact(&mut buf).map_err(io)?;
            Ok((
                date,
                serde_json::from_slice(&buf).expect("read back as written"),
            ))
        })
    }
}
