//! An `.xls` file's used areas, measured before calamine reads it. calamine opens an
//! `.xls` whole: every sheet becomes a grid of its used area, from its first cell to
//! its last, so one stray cell in row 60,000 makes a grid of millions of empty cells.
//! This reads the file's records (the compound file's `Workbook` stream, then each
//! sheet's cell records) for the rows and columns they use, and refuses a sheet whose
//! area is over [`MAX_CELLS`], naming it and how big it is, before any grid is made.

use std::path::Path;

use crate::error::Problem;

/// The largest used area (rows × columns) of a sheet read from an `.xls` file. calamine
/// holds about 32 bytes a cell: this is a grid of some 32 MiB.
pub(super) const MAX_CELLS: u64 = 1_000_000;

/// Refuse `path` if a sheet's used area is over [`MAX_CELLS`]; a file that is not a
/// workbook passes, for calamine to say what is wrong with it.
pub(super) fn check(path: &Path) -> Result<(), Problem> {
    let Ok(bytes) = std::fs::read(path) else {
        return Ok(());
    };
    let Some(stream) = workbook_stream(&bytes) else {
        return Ok(());
    };
    for (name, area) in sheets(&stream) {
        let (rows, cols) = (area.rows(), area.cols());
        if rows * cols > MAX_CELLS {
            return Err(Problem::error(
                "",
                format!(
                    "sheet {name} uses rows {} to {} and {} columns: {} cells, more than the {} an .xls sheet may have here",
                    area.top + 1,
                    area.bottom + 1,
                    cols,
                    group(rows * cols),
                    group(MAX_CELLS)
                ),
            )
            .help("delete the cells far out in the sheet, or save it as .xlsx or .ods, which are read a row at a time"));
        }
    }
    Ok(())
}

/// 1234567 as "1,234,567".
fn group(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// The rows and columns a sheet's cells take in (0-based, inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Area {
    top: u32,
    bottom: u32,
    left: u32,
    right: u32,
}

impl Area {
    fn rows(&self) -> u64 {
        u64::from(self.bottom - self.top) + 1
    }

    fn cols(&self) -> u64 {
        u64::from(self.right - self.left) + 1
    }

    fn take(a: &mut Option<Area>, row: u32, left: u32, right: u32) {
        let right = right.max(left);
        *a = Some(match *a {
            None => Area {
                top: row,
                bottom: row,
                left,
                right,
            },
            Some(x) => Area {
                top: x.top.min(row),
                bottom: x.bottom.max(row),
                left: x.left.min(left),
                right: x.right.max(right),
            },
        });
    }
}

fn u16_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from(u16::from_le_bytes(
        b.get(at..at + 2)?.try_into().ok()?,
    )))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// The records of a BIFF stream from `at`: (type, data).
fn records(stream: &[u8], mut at: usize) -> impl Iterator<Item = (u32, &[u8])> {
    std::iter::from_fn(move || {
        let typ = u16_at(stream, at)?;
        let len = u16_at(stream, at + 2)? as usize;
        let data = stream.get(at + 4..at + 4 + len)?;
        at += 4 + len;
        Some((typ, data))
    })
}

/// Each sheet's name and used area: what calamine would make a grid of, from the
/// cells it reads and the area the sheet's DIMENSIONS record says it reserves.
fn sheets(stream: &[u8]) -> Vec<(String, Area)> {
    let mut found = Vec::new();
    for (typ, data) in records(stream, 0) {
        match typ {
            // BoundSheet8: where the sheet's records start, and its name.
            0x0085 => {
                let Some(pos) = u32_at(data, 0) else { continue };
                if let Some(area) = used(stream, pos as usize) {
                    found.push((sheet_name(data), area));
                }
            }
            0x000A => break,
            _ => {}
        }
    }
    found
}

/// The used area of the sheet whose records start at `pos`.
fn used(stream: &[u8], pos: usize) -> Option<Area> {
    let mut area = None;
    let mut dims = None;
    for (typ, d) in records(stream, pos) {
        if typ == 0x000A {
            break;
        }
        let (Some(row), Some(col)) = (u16_at(d, 0), u16_at(d, 2)) else {
            continue;
        };
        match typ {
            // Number, Label, BoolErr, Formula, RString, LabelSst, RK: one cell each.
            0x0203 | 0x0204 | 0x0205 | 0x0006 | 0x00D6 | 0x00FD | 0x027E => {
                Area::take(&mut area, row, col, col);
            }
            // MulRk: a run of cells in one row, its last column at the end.
            0x00BD => {
                let last = d.len().checked_sub(2).and_then(|at| u16_at(d, at));
                Area::take(&mut area, row, col, last.unwrap_or(col));
            }
            // Dimensions: calamine reserves room for the area it says.
            0x0200 => dims = dimensions(d).or(dims),
            _ => {}
        }
    }
    match (area, dims) {
        (Some(a), Some(d)) if d.rows() * d.cols() > a.rows() * a.cols() => Some(d),
        (a, d) => a.or(d),
    }
}

/// The area a Dimensions record says (BIFF8's 14 bytes, or BIFF5's 10), read as
/// calamine reads it: a first column past the last possible one counts from A.
fn dimensions(d: &[u8]) -> Option<Area> {
    let (first, last, left, right) = match d.len() {
        10 => (u16_at(d, 0)?, u16_at(d, 2)?, u16_at(d, 4)?, u16_at(d, 6)?),
        14 => (u32_at(d, 0)?, u32_at(d, 4)?, u16_at(d, 8)?, u16_at(d, 10)?),
        _ => return None,
    };
    let left = if left > 0xFF || right < left { 0 } else { left };
    (last > first && right > left).then(|| Area {
        top: first,
        bottom: last - 1,
        left,
        right: right - 1,
    })
}

/// A BoundSheet8 record's sheet name (ShortXLUnicodeString after six bytes).
fn sheet_name(data: &[u8]) -> String {
    let len = data.get(6).copied().unwrap_or(0) as usize;
    let wide = data.get(7).is_some_and(|f| f & 1 == 1);
    let chars = data.get(8..).unwrap_or_default();
    if wide {
        let units: Vec<u16> = chars
            .chunks_exact(2)
            .take(len)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        chars.iter().take(len).map(|&b| char::from(b)).collect()
    }
}

const END_OF_CHAIN: u32 = 0xFFFF_FFFE;

/// The `Workbook` (or `Book`) stream of a compound file, read through its sector
/// chain (or the mini stream's, for a small one).
fn workbook_stream(file: &[u8]) -> Option<Vec<u8>> {
    if file.get(..8)? != [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] {
        return None;
    }
    let shift = u16_at(file, 0x1E)?;
    let mini_shift = u16_at(file, 0x20)?;
    if !(7..=16).contains(&shift) || mini_shift >= shift {
        return None;
    }
    let size = 1usize << shift;
    let sector = |n: u32| file.get((n as usize + 1) * size..(n as usize + 2) * size);
    let fat = fat(file, size, &sector)?;
    let dir = follow(&fat, u32_at(file, 0x30)?, sector);
    let entries: Vec<&[u8]> = dir.chunks_exact(128).collect();
    let root = entries.first()?;
    let book = entries.iter().find(|e| {
        let name = entry_name(e);
        e[0x42] == 2 && (name.eq_ignore_ascii_case("workbook") || name.eq_ignore_ascii_case("book"))
    })?;
    let start = u32_at(book, 0x74)?;
    let len = u32_at(book, 0x78)? as usize;
    let mut data = if len < u32_at(file, 0x38)? as usize {
        let mini = follow(&fat, u32_at(root, 0x74)?, sector);
        let minifat: Vec<u32> = follow(&fat, u32_at(file, 0x3C)?, sector)
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        let msize = 1usize << mini_shift;
        follow(&minifat, start, |n| {
            mini.get(n as usize * msize..(n as usize + 1) * msize)
        })
    } else {
        follow(&fat, start, sector)
    };
    data.truncate(len);
    Some(data)
}

/// The sectors of the chain from `start` in allocation table `table`, one after another
/// (a loop in the chain ends it once every entry is used).
fn follow<'f>(table: &[u32], start: u32, sector: impl Fn(u32) -> Option<&'f [u8]>) -> Vec<u8> {
    let mut out = Vec::new();
    let mut n = start;
    for _ in 0..table.len() {
        let Some(s) = sector(n) else { break };
        out.extend_from_slice(s);
        match table.get(n as usize) {
            Some(&next) if next != END_OF_CHAIN => n = next,
            _ => break,
        }
    }
    out
}

/// A directory entry's name (UTF-16, its length in bytes at 0x40).
fn entry_name(e: &[u8]) -> String {
    let len = (u16_at(e, 0x40).unwrap_or(0) as usize).min(64);
    let units: Vec<u16> = e[..len]
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .take_while(|&u| u != 0)
        .collect();
    String::from_utf16_lossy(&units)
}

/// The file allocation table: the sectors the header's DIFAT (and its chain) names.
fn fat<'f>(
    file: &'f [u8],
    size: usize,
    sector: &dyn Fn(u32) -> Option<&'f [u8]>,
) -> Option<Vec<u32>> {
    let count = u32_at(file, 0x2C)? as usize;
    let mut ids: Vec<u32> = (0..109)
        .filter_map(|i| u32_at(file, 0x4C + 4 * i))
        .collect();
    let mut next = u32_at(file, 0x44)?;
    let per = size / 4 - 1;
    while ids.len() < count && next < END_OF_CHAIN {
        let s = sector(next)?;
        ids.extend((0..per).filter_map(|i| u32_at(s, 4 * i)));
        next = u32_at(s, 4 * per)?;
    }
    ids.truncate(count);
    let mut fat = Vec::new();
    for id in ids {
        let s = sector(id)?;
        fat.extend(
            s.chunks_exact(4)
                .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])),
        );
    }
    Some(fat)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sheet_takes_in_its_cells_and_its_reserved_area() {
        let mut stream = Vec::new();
        let rec = |s: &mut Vec<u8>, typ: u16, data: &[u8]| {
            s.extend_from_slice(&typ.to_le_bytes());
            s.extend_from_slice(&(data.len() as u16).to_le_bytes());
            s.extend_from_slice(data);
        };
        // A Number at A1 and a Label at row 60,000, column F.
        rec(
            &mut stream,
            0x0203,
            &[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        );
        rec(&mut stream, 0x0204, &[0x5F, 0xEA, 5, 0, 0, 0]);
        rec(&mut stream, 0x000A, &[]);
        let a = used(&stream, 0).unwrap();
        assert_eq!((a.rows(), a.cols()), (60_000, 6));
        assert_eq!(group(1_234_567), "1,234,567");
        assert_eq!(group(999), "999");
    }
}
