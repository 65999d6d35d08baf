//! Compression shared by the content streams (`emit`) and the font programs (`embed`),
//! in a file of its own so that neither of the two imports the other for it.

use flate2::{Compress, Compression, FlushCompress, Status};

/// zlib at the fastest level (zlib-rs: its quick strategy is several times faster than
/// miniz at level 1, for files a few percent larger), with one compressor per thread
/// reused from stream to stream (a new one allocates and clears its tables every time).
pub(super) fn deflate(content: &[u8]) -> Vec<u8> {
    thread_local! {
        static COMPRESSOR: std::cell::RefCell<Compress> =
            std::cell::RefCell::new(Compress::new(Compression::fast(), true));
    }
    COMPRESSOR.with(|c| {
        let mut c = c.borrow_mut();
        c.reset();
        run(&mut c, content)
    })
}

/// zlib at its best level, for what is made once per process and then written into
/// every document (the form's font): a sixth smaller than the fastest level, so every
/// file is smaller and quicker to write and hash, for a few milliseconds once.
pub(super) fn deflate_best(content: &[u8]) -> Vec<u8> {
    run(&mut Compress::new(Compression::best(), true), content)
}

fn run(c: &mut Compress, content: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(content.len() / 2 + 64);
    loop {
        let read = c.total_in() as usize;
        match c.compress_vec(&content[read..], &mut out, FlushCompress::Finish) {
            Ok(Status::StreamEnd) => return out,
            Ok(_) => out.reserve(out.capacity().max(64)),
            // Compressing into memory cannot fail; keep the stream as it is if it does.
            Err(_) => return content.to_vec(),
        }
    }
}
