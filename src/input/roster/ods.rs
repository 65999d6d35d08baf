//! OpenDocument rosters (`.ods`), streamed: the sheet's `content.xml` is read from the
//! zip a tag at a time, and each row goes to the sink as soon as it ends, so memory
//! holds one row whatever the sheet's size. A run of empty rows or cells written once
//! with a repeat count (`table:number-rows-repeated`, `number-columns-repeated`, how
//! LibreOffice writes the rest of the sheet) only moves the position on; a row or cell
//! that holds something and is repeated stands for that many rows or cells. Rows past
//! LibreOffice's last row and columns past its last column are not read.

use std::fs::File;
use std::io::BufReader;

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use super::cells::Cell;
use super::origin::{column_letters, Row, Sink};
use super::settings::Settings;
use super::sheet::{duration, iso, pick_sheet, unreadable};
use crate::error::Diagnostic;

/// LibreOffice's last row and column: repeat counts beyond them are the sheet's
/// filler, never cells.
const MAX_ROWS: u32 = 1 << 20;
const MAX_COLUMNS: u32 = 1 << 14;

/// The most spaces one `text:s` stands for: a hostile count would otherwise allocate
/// without end.
const MAX_SPACES: u32 = 1 << 10;

type Xml<'z> = Reader<BufReader<zip::read::ZipFile<'z, File>>>;

/// Every row of the roster's sheet, in order, to `sink`, until it says stop.
pub(super) fn rows(settings: &Settings, sink: &mut dyn Sink) -> Result<(), Box<Diagnostic>> {
    let path = &settings.file;
    let fail = |e: &dyn std::fmt::Display| unreadable(settings, e);
    let file = File::open(path).map_err(|e| fail(&e))?;
    let mut zip = zip::ZipArchive::new(file).map_err(|e| fail(&e))?;
    let content = zip.by_name("content.xml").map_err(|e| fail(&e))?;
    let mut xml = Reader::from_reader(BufReader::with_capacity(1 << 16, content));
    let config = xml.config_mut();
    config.expand_empty_elements = true;
    config.check_end_names = false;
    config.trim_text(false);
    let mut names = Vec::new();
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf).map_err(|e| fail(&e))? {
            Event::Start(e) if e.name().as_ref() == b"table:table" => {
                let name = attr(&xml, &e, b"table:name")
                    .map_err(|e| fail(&e))?
                    .unwrap_or_default();
                if wanted(settings, &name) {
                    sink.begin(&name, false);
                    let mut at = At::default();
                    return table(&mut xml, sink, &mut at).map_err(|e| {
                        let cell = format!("{}{}", column_letters(at.col), at.row + 1);
                        fail(&format!("sheet {name}, cell {cell}: {e}"))
                    });
                }
                names.push(name);
                let mut skip = Vec::new();
                xml.read_to_end_into(e.name(), &mut skip)
                    .map_err(|e| fail(&e))?;
            }
            Event::Eof => break,
            _ => {}
        }
    }
    // No sheet matched: the same message, with the names, as a workbook's.
    pick_sheet(settings, &names).map(|_| ())
}

/// Whether `name` is the sheet `roster.sheet` asks for (the first sheet when none is).
fn wanted(settings: &Settings, name: &str) -> bool {
    match &settings.sheet {
        None => true,
        Some(w) => name == w || name.trim().eq_ignore_ascii_case(w.trim()),
    }
}

/// Where the reading is, 0-based: for the place a broken file is reported at.
#[derive(Default)]
struct At {
    row: u32,
    col: u32,
}

/// The rows of the table whose start tag was just read, through its end tag.
fn table(xml: &mut Xml<'_>, sink: &mut dyn Sink, at: &mut At) -> Result<(), String> {
    let mut buf = Vec::new();
    let mut cell_buf = Vec::new();
    while at.row < MAX_ROWS {
        buf.clear();
        match xml.read_event_into(&mut buf).map_err(text_of)? {
            Event::Start(e) if e.name().as_ref() == b"table:table-row" => {
                let repeat = count(xml, &e, b"table:number-rows-repeated")?;
                at.col = 0;
                let (mut cells, merged) = row(xml, at, &mut cell_buf)?;
                if cells.is_empty() {
                    at.row = at.row.saturating_add(repeat);
                    continue;
                }
                let times = repeat.min(MAX_ROWS - at.row);
                for i in 1..=times {
                    at.row += 1;
                    let cells = if i < times {
                        cells.clone()
                    } else {
                        std::mem::take(&mut cells)
                    };
                    if !sink.row(Row {
                        at: at.row,
                        cells,
                        merged: merged.clone(),
                    }) {
                        return Ok(());
                    }
                }
            }
            Event::End(e) if e.name().as_ref() == b"table:table" => return Ok(()),
            Event::Eof => return Err("the sheet ends before its end tag".into()),
            _ => {}
        }
    }
    Ok(())
}

/// A row's cells that hold something, by column, and its merged cells (first and last
/// column), reading through the row's end tag.
type Cells = (Vec<(u32, Cell)>, Vec<(u32, u32)>);

fn row(xml: &mut Xml<'_>, at: &mut At, buf: &mut Vec<u8>) -> Result<Cells, String> {
    let mut cells = Vec::new();
    let mut merged = Vec::new();
    let mut own = Vec::new();
    loop {
        own.clear();
        match xml.read_event_into(&mut own).map_err(text_of)? {
            Event::Start(e)
                if matches!(
                    e.name().as_ref(),
                    b"table:table-cell" | b"table:covered-table-cell"
                ) =>
            {
                let repeat = count(xml, &e, b"table:number-columns-repeated")?;
                let span = count(xml, &e, b"table:number-columns-spanned")?;
                if span > 1 {
                    merged.push((at.col, at.col.saturating_add(span - 1)));
                }
                if let Some(cell) = cell(xml, &e, buf)?.filter(|c| !c.is_blank()) {
                    let times = repeat.min(MAX_COLUMNS.saturating_sub(at.col));
                    cells.extend((0..times).map(|k| (at.col + k, cell.clone())));
                }
                at.col = at.col.saturating_add(repeat);
            }
            Event::End(e) if e.name().as_ref() == b"table:table-row" => return Ok((cells, merged)),
            Event::Eof => return Err("the sheet ends inside a row".into()),
            _ => {}
        }
    }
}

/// The value of the cell whose start tag is `e`, reading through its end tag: by its
/// `office:value-type`, from the attribute that holds it, or for text from the
/// paragraphs inside it.
fn cell(xml: &mut Xml<'_>, e: &BytesStart<'_>, buf: &mut Vec<u8>) -> Result<Option<Cell>, String> {
    let value = |name: &[u8]| attr(xml, e, name);
    let cell = match value(b"office:value-type")?.as_deref() {
        None => None,
        Some("float" | "percentage" | "currency") => value(b"office:value")?
            .map(|v| v.trim().parse::<f64>().map_or(Cell::Text(v), Cell::Float)),
        Some("date") => value(b"office:date-value")?.map(|v| iso(&v)),
        Some("time") => value(b"office:time-value")?.map(|v| duration(&v)),
        Some("boolean") => value(b"office:boolean-value")?
            .map(|v| Cell::Bool(v.trim().eq_ignore_ascii_case("true"))),
        Some(_) => match value(b"office:string-value")? {
            Some(v) => Some(Cell::Text(v)),
            None => return paragraphs(xml, buf).map(|t| Some(Cell::Text(t))),
        },
    };
    buf.clear();
    xml.read_to_end_into(e.name(), buf).map_err(text_of)?;
    Ok(cell)
}

/// The text of a cell's paragraphs, a line each, through the cell's end tag; notes
/// (`office:annotation`) left out.
fn paragraphs(xml: &mut Xml<'_>, buf: &mut Vec<u8>) -> Result<String, String> {
    let mut s = String::new();
    let mut paragraphs = 0;
    loop {
        buf.clear();
        match xml.read_event_into(buf).map_err(text_of)? {
            Event::Start(e) => match e.name().as_ref() {
                b"text:p" | b"text:h" => {
                    if paragraphs > 0 {
                        s.push('\n');
                    }
                    paragraphs += 1;
                }
                b"text:s" => {
                    let n = count(xml, &e, b"text:c")?.min(MAX_SPACES);
                    s.extend(std::iter::repeat_n(' ', n as usize));
                }
                b"text:tab" => s.push('\t'),
                b"text:line-break" => s.push('\n'),
                b"office:annotation" => {
                    let mut skip = Vec::new();
                    xml.read_to_end_into(e.name(), &mut skip).map_err(text_of)?;
                }
                _ => {}
            },
            Event::Text(t) => s.push_str(&t.xml10_content().map_err(text_of)?),
            Event::CData(t) => s.push_str(&t.decode().map_err(text_of)?),
            Event::GeneralRef(r) => {
                let name = r.decode().map_err(text_of)?;
                match quick_xml::escape::resolve_xml_entity(&name) {
                    Some(c) => s.push_str(c),
                    None => match r.resolve_char_ref().map_err(text_of)? {
                        Some(c) => s.push(c),
                        None => return Err(format!("unknown entity &{name};")),
                    },
                }
            }
            Event::End(e)
                if matches!(
                    e.name().as_ref(),
                    b"table:table-cell" | b"table:covered-table-cell"
                ) =>
            {
                return Ok(s)
            }
            Event::Eof => return Err("the sheet ends inside a cell".into()),
            _ => {}
        }
    }
}

/// Attribute `name` of `e`, unescaped.
fn attr(xml: &Xml<'_>, e: &BytesStart<'_>, name: &[u8]) -> Result<Option<String>, String> {
    let Some(a) = e.try_get_attribute(name).map_err(text_of)? else {
        return Ok(None);
    };
    let v = a
        .decoded_and_normalized_value(XmlVersion::Implicit1_0, xml.decoder())
        .map_err(text_of)?;
    Ok(Some(v.into_owned()))
}

/// A repeat or span count: 1 when absent.
fn count(xml: &Xml<'_>, e: &BytesStart<'_>, name: &[u8]) -> Result<u32, String> {
    match attr(xml, e, name)? {
        None => Ok(1),
        Some(v) => match v.trim().parse::<u32>() {
            Ok(n) => Ok(n.max(1)),
            Err(_) => Err(format!(
                "{}=\"{v}\" is not a count",
                String::from_utf8_lossy(name)
            )),
        },
    }
}

fn text_of(e: impl std::fmt::Display) -> String {
    e.to_string()
}
